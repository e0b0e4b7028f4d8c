package dev.jailnet.events.saga;

import dev.jailnet.events.Topics;

/** The layers that carry out saga steps, each taking its commands on a topic of its own. */
public enum Participant {
    IFNET(Topics.IFNET_COMMANDS),
    ROUTING(Topics.ROUTING_COMMANDS);

    private final String commands;

    Participant(String commands) {
        this.commands = commands;
    }

    /** The topic its commands go to. */
    public String commands() {
        return commands;
    }
}
