package dev.jailnet.events;

import java.util.List;

/**
 * Every topic of the system. Lifecycle events are separate from saga commands and replies; every record
 * is keyed by the VNET it concerns.
 */
public final class Topics {

    public static final String JAIL_EVENTS = "jailnet.jail.events";
    public static final String VNET_EVENTS = "jailnet.vnet.events";
    public static final String IFNET_EVENTS = "jailnet.ifnet.events";
    public static final String ROUTE_EVENTS = "jailnet.route.events";
    public static final String IFNET_COMMANDS = "jailnet.ifnet.commands";
    public static final String ROUTING_COMMANDS = "jailnet.routing.commands";
    public static final String SAGA_REPLIES = "jailnet.saga.replies";
    public static final String DEAD_LETTERS = "jailnet.dlq";
    public static final String FAULTS = "jailnet.faults";

    /** Lifecycle events and saga traffic are kept a week; dead letters and faults a month. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(JAIL_EVENTS, TopicSpec.WEEK),
            new TopicSpec(VNET_EVENTS, TopicSpec.WEEK),
            new TopicSpec(IFNET_EVENTS, TopicSpec.WEEK),
            new TopicSpec(ROUTE_EVENTS, TopicSpec.WEEK),
            new TopicSpec(IFNET_COMMANDS, TopicSpec.WEEK),
            new TopicSpec(ROUTING_COMMANDS, TopicSpec.WEEK),
            new TopicSpec(SAGA_REPLIES, TopicSpec.WEEK),
            new TopicSpec(DEAD_LETTERS, TopicSpec.MONTH),
            new TopicSpec(FAULTS, TopicSpec.MONTH));

    private Topics() {
    }

    /** A topic and how long it keeps records; partitions and replication are deployment settings. */
    public record TopicSpec(String name, long retentionMs) {
        static final long WEEK = 7L * 24 * 3600 * 1000;
        static final long MONTH = 30L * 24 * 3600 * 1000;
    }
}
