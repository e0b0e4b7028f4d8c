package dev.jailnet.events;

import dev.jailnet.events.fault.ReferenceFault;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NewAddrMsg;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.RibChanged;
import dev.jailnet.events.route.RtablesDestroyed;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of message types. A type's name is its simple class name and never changes once
 * published: a reader that meets a name it does not know treats the record as one it cannot read.
 */
public final class MessageTypes {

    private static final List<Class<? extends Message>> TYPES = List.of(
            JailCreated.class, JailAlive.class, JailDying.class, JailRefsDrained.class, JailFreed.class,
            VnetAlive.class, VnetCreationFailed.class, VnetShutdownStarted.class, VnetShutdownCompleted.class,
            VnetDestroyed.class, ReferenceFault.class,
            IfnetArrival.class, IfnetDeparture.class, IfaddrAdded.class, IfaddrRemoved.class,
            TunnelResolve.class, TunnelRelease.class,
            NhopCreated.class, NhopFreed.class, RibChanged.class, TunnelRouteResolved.class, IfnetDetached.class,
            NewAddrMsg.class, RtablesDestroyed.class,
            SagaCommand.class, SagaReply.class);

    private static final Map<String, Class<? extends Message>> BY_NAME = TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private MessageTypes() {
    }

    public static String nameOf(Class<? extends Message> type) {
        if (!BY_NAME.containsKey(type.getSimpleName())) {
            throw new IllegalArgumentException("not a registered message type: " + type.getName());
        }
        return type.getSimpleName();
    }

    public static Optional<Class<? extends Message>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
