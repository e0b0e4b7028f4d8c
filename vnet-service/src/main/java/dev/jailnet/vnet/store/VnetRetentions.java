package dev.jailnet.vnet.store;

import dev.jailnet.messaging.Retention;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** What vnet-service keeps only for a while: the VNETs that were destroyed or never created, and finished sagas. */
@Dependent
class VnetRetentions {

    @Produces
    static Retention finishedSagas() {
        return new Retention("finished sagas", Retention.Kind.FINISHED, """
                delete from saga where id in (select id from saga
                    where status in ('COMPLETED', 'FAILED') and ended_at < ? order by ended_at limit ?)""");
    }

    /** With their sagas, which refer to them (all ended: a VNET ends with its last saga). */
    @Produces
    static Retention endedVnets() {
        return new Retention("destroyed or failed VNETs", Retention.Kind.FINISHED, """
                with ended as (select vnet_id from vnet where state in ('DESTROYED', 'FAILED') and ended_at < ?
                               order by ended_at limit ?),
                     sagas as (delete from saga where vnet_id in (select vnet_id from ended))
                delete from vnet where vnet_id in (select vnet_id from ended)""");
    }
}
