package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/** {@code ifnet_departure_event}: an interface left a VNET (destroyed, or moved out). */
public record IfnetDeparture(String vnetId, String name, int index) implements Message {
}
