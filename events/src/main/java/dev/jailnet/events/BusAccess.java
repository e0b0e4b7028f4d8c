package dev.jailnet.events;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who may do what on the bus: each service is a principal of its own, which writes only the topics it owns
 * and reads only those it consumes. The broker's ACLs are made from this table; a service provisions the
 * topics it writes. A forged {@code JailRefsDrained} from any service but jail-service is refused. The console
 * is a principal too, which writes nothing.
 *
 * @param principal the service's name, its SCRAM user and the prefix of its consumer groups
 * @param writes    the topics it produces to
 * @param reads     the topics it consumes
 */
public record BusAccess(String principal, Set<String> writes, Set<String> reads) {

    /** The administrator: the broker's own inter-broker user and the tools (topic creation, ACLs, benchmark). */
    public static final String ADMIN = "admin";

    public static final List<BusAccess> SERVICES = List.of(
            new BusAccess("jail-service",
                    Set.of(Topics.JAIL_EVENTS, Topics.DEAD_LETTERS),
                    Set.of(Topics.VNET_EVENTS)),
            new BusAccess("vnet-service",
                    Set.of(Topics.VNET_EVENTS, Topics.IFNET_COMMANDS, Topics.ROUTING_COMMANDS, Topics.DEAD_LETTERS),
                    Set.of(Topics.JAIL_EVENTS, Topics.SAGA_REPLIES)),
            new BusAccess("ifnet-service",
                    Set.of(Topics.IFNET_EVENTS, Topics.SAGA_REPLIES, Topics.FAULTS, Topics.DEAD_LETTERS),
                    Set.of(Topics.VNET_EVENTS, Topics.ROUTE_EVENTS, Topics.IFNET_COMMANDS)),
            new BusAccess("routing-service",
                    Set.of(Topics.ROUTE_EVENTS, Topics.SAGA_REPLIES, Topics.FAULTS, Topics.DEAD_LETTERS),
                    Set.of(Topics.VNET_EVENTS, Topics.IFNET_EVENTS, Topics.ROUTING_COMMANDS)));

    /**
     * The web console: it reads what the services publish (their lifecycle events, the saga replies that end each
     * step, the reference faults) to tell its pages what changed; it writes nothing (it commits no offsets either:
     * it starts at the latest every time).
     */
    public static final BusAccess CONSOLE = new BusAccess("console", Set.of(),
            Set.of(Topics.JAIL_EVENTS, Topics.VNET_EVENTS, Topics.IFNET_EVENTS, Topics.ROUTE_EVENTS,
                    Topics.SAGA_REPLIES, Topics.FAULTS));

    /** The console's one consumer group; it is granted alone, not a prefix as a service's groups are. */
    public static final String CONSOLE_GROUP = "jailnet-console";

    /** Every principal that logs in besides the administrator: the four services and the console. */
    public static final List<BusAccess> PRINCIPALS = Stream.concat(SERVICES.stream(), Stream.of(CONSOLE)).toList();

    /** The access of {@code service}; none for a name that is not a service's (a test's). */
    public static Optional<BusAccess> of(String service) {
        return SERVICES.stream().filter(a -> a.principal.equals(service)).findFirst();
    }
}
