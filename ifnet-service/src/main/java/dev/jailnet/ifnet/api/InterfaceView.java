package dev.jailnet.ifnet.api;

import dev.jailnet.ifnet.domain.IfKind;
import dev.jailnet.ifnet.domain.Ifnet;
import java.time.Instant;
import java.util.List;

/** An interface as {@code ifconfig} shows it, with where it lives and where it comes from. */
public record InterfaceView(String name, int index, IfKind kind, String homeVnet, String vnet, List<String> flags,
                            int mtu, Instant createdAt) {

    static InterfaceView of(Ifnet ifp) {
        return new InterfaceView(ifp.name(), ifp.index(), ifp.kind(), ifp.homeVnet(), ifp.vnet(), ifp.flags(),
                ifp.mtu(), ifp.createdAt());
    }
}
