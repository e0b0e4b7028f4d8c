package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/** {@code ifnet_arrival_event}: an interface appeared in a VNET (created, or moved in). */
public record IfnetArrival(String vnetId, String name, int index, String kind, String homeVnet) implements Message {
}
