package dev.jailnet.ifnet.store;

import dev.jailnet.messaging.Retention;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** What the interface layer keeps only for a while: releases whose announcement never came, or came long ago. */
@Dependent
class IfnetRetentions {

    @Produces
    static Retention earlyReleases() {
        return new Retention("early reference releases", Retention.Kind.FINISHED, """
                delete from ifnet_ref_release where holder in
                    (select holder from ifnet_ref_release where released_at < ? limit ?)""");
    }

    @Produces
    static Retention vnetNexthopReleases() {
        return new Retention("VNETs whose nexthops were released", Retention.Kind.FINISHED, """
                delete from nhop_vnet_release where vnet_id in
                    (select vnet_id from nhop_vnet_release where released_at < ? limit ?)""");
    }
}
