package dev.jailnet.ifnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.PrefixRouteHeir;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.net.CidrAddress;
import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.ifnet.config.IfnetConfig;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.ifnet.store.IfnetVnetRepository;
import dev.jailnet.messaging.NetTunables;
import dev.jailnet.messaging.Outbox;
import dev.jailnet.messaging.SagaParticipation;
import dev.jailnet.messaging.VnetLocks;
import dev.jailnet.problem.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The interface layer: cloning and destroying interfaces, loans between VNETs ({@code if_vmove}),
 * addresses, tunnels' endpoints. Everything routing must know is published in the same transaction.
 */
@ApplicationScoped
public class IfnetService {

    public static final String LOOPBACK = "lo0";

    private final IfnetRepository interfaces;
    private final IfnetVnetRepository vnets;
    private final Outbox outbox;
    private final VnetLocks locks;
    private final IfnetConfig config;
    private final NetTunables tunables;

    public IfnetService(IfnetRepository interfaces, IfnetVnetRepository vnets, Outbox outbox, VnetLocks locks,
                        IfnetConfig config, NetTunables tunables) {
        this.interfaces = interfaces;
        this.vnets = vnets;
        this.outbox = outbox;
        this.locks = locks;
        this.config = config;
        this.tunables = tunables;
    }

    /**
     * vnet0 exists from the start with its {@code lo0} and the host's NICs; a restart adds only what is missing.
     * Under vnet0's lock: replicas that start together find it made by the first.
     */
    @Transactional
    public void attachHost() {
        locks.lock(VnetIds.VNET0);
        vnets.attach(VnetIds.VNET0, null, Instant.now());
        attachIfMissing(VnetIds.VNET0, LOOPBACK, IfKind.LOOP, null);
        config.hostInterfaces().forEach(nic -> attachIfMissing(VnetIds.VNET0, nic, IfKind.ETHER, null));
    }

    /**
     * {@code vnet_loif_init}: the VNET's own loopback, and the VNET recorded as made from {@code parentVnetId} (its
     * jail's parent's). Returns what it created.
     */
    @Transactional
    public Map<String, Integer> loifInit(String vnetId, String parentVnetId, Envelope cause) {
        vnets.attach(vnetId, parentVnetId, Instant.now());
        Ifnet lo0 = attachIfMissing(vnetId, LOOPBACK, IfKind.LOOP, cause);
        return Map.of("interfaces", 1, LOOPBACK, lo0.index());
    }

    /** {@code vnet_loif_uninit}, when a creation is undone: the loopback goes, and the VNET with it. */
    @Transactional
    public Map<String, Integer> loifUninit(String vnetId, Envelope cause) {
        int detached = 0;
        Optional<Ifnet> lo0 = interfaces.byName(vnetId, LOOPBACK);
        if (lo0.isPresent()) {
            detach(lo0.get(), cause);
            detached++;
        }
        vnets.forget(vnetId);
        return Map.of("interfaces", detached);
    }

    /**
     * {@code vnet.interface}: each named interface of the VNET the new one is made from ({@code parentVnetId}, its
     * jail's parent's) is moved into it, all or none, as its creator's {@code ifconfig IF vnet JAIL} would. Refused
     * (nothing moved) when one is missing from the parent, its name is taken in the VNET, or the parent is shutting
     * down (EBUSY); one already there from an earlier attempt (loaned in, none of its name left in the parent)
     * counts as moved.
     */
    @Transactional(dontRollbackOn = SagaParticipation.StepRefused.class)
    public Map<String, Integer> vmoveIn(String vnetId, String parentVnetId, List<String> names, Envelope cause) {
        locks.lock(parentVnetId);
        List<Ifnet> moving = new ArrayList<>();
        for (String name : names) {
            Optional<Ifnet> there = interfaces.byName(vnetId, name);
            Optional<Ifnet> inParent = interfaces.byName(parentVnetId, name);
            if (there.isPresent() && there.get().isLoaned() && inParent.isEmpty()) {
                continue;
            }
            if (there.isPresent()) {
                throw new SagaParticipation.StepRefused(vnetId + " already has an interface named " + name + " (EEXIST)");
            }
            Ifnet ifp = inParent.orElseThrow(() -> new SagaParticipation.StepRefused(
                    "no interface " + name + " in " + parentVnetId + " to move into " + vnetId));
            if (ifp.kind() == IfKind.LOOP) {
                throw new SagaParticipation.StepRefused(name + " is a loopback; it cannot move (EINVAL)");
            }
            moving.add(ifp);
        }
        if (!moving.isEmpty()) {
            vnets.findByIdOptional(parentVnetId).filter(parent -> !parent.isAlive()).ifPresent(parent -> {
                throw new SagaParticipation.StepRefused(parentVnetId + " is " + parent.state()
                        + "; nothing moves out of it (EBUSY)");
            });
        }
        moving.forEach(ifp -> move(ifp, vnetId, cause));
        return Map.of("interfaces", names.size());
    }

    /**
     * {@code vnet_if_return} for the named interfaces: those still in the VNET go home, to the VNET that made each
     * (not necessarily the one it came from). The saga holds this VNET's lock, so what is in it stays put while the
     * homes are locked.
     */
    @Transactional
    public Map<String, Integer> returnHome(String vnetId, List<String> names, Envelope cause) {
        List<Ifnet> loaned = names.stream().flatMap(name -> interfaces.byName(vnetId, name).stream())
                .filter(Ifnet::isLoaned).toList();
        locks.lock(loaned.stream().map(Ifnet::homeVnet).toList());
        int returned = 0;
        for (Ifnet ifp : loaned) {
            if (interfaces.holdingName(ifp.homeVnet(), ifp.name(), ifp.index()).isEmpty()) {
                move(ifp, ifp.homeVnet(), cause);
                returned++;
            }
        }
        return Map.of("interfaces", returned);
    }

    /** {@code ifconfig CLONER create [name]}. An epair creates both halves; a vxlan's home is vnet0. */
    @Transactional
    public List<Ifnet> create(String vnetId, String cloner, String requestedName) {
        IfKind kind = Cloners.kind(cloner);
        Integer requestedUnit = requestedName == null ? null : Cloners.requestedUnit(kind, requestedName);
        locks.lock(vnetId);
        requireAlive(vnetId);
        String home = kind == IfKind.VXLAN ? VnetIds.VNET0 : vnetId;
        interfaces.lockCloner(kind, home);
        java.util.Set<Integer> used = interfaces.unitsInUse(kind, home);
        int unit;
        if (requestedUnit != null) {
            unit = requestedUnit;
            if (used.contains(unit)) {
                throw Rejected.conflict("name", kind.cloner() + unit + " exists (EEXIST)");
            }
        } else {
            unit = Cloners.lowestFreeUnit(used);
        }
        List<String> names = Cloners.names(kind, unit);
        for (String name : names) {
            interfaces.holdingName(vnetId, name, null).ifPresent(holder -> {
                throw Rejected.conflict("name", nameTaken(vnetId, holder));
            });
        }
        List<Ifnet> created = new ArrayList<>();
        Instant now = Instant.now();
        for (String name : names) {
            created.add(Ifnet.attach(interfaces.nextIndex(), name, kind, unit, home, vnetId, now));
        }
        // paired before they are persisted: each row is inserted as it will stay, with no update after it
        if (created.size() == 2) {
            created.get(0).pairWith(created.get(1));
        }
        created.forEach(interfaces::persist);
        created.forEach(ifp -> publish(new IfnetArrival(vnetId, ifp.name(), ifp.index(), ifp.kind().name(),
                ifp.homeVnet()), null));
        interfaces.inFull(created);
        return created;
    }

    /**
     * {@code ifconfig IF destroy}: an epair half takes the other with it, wherever it is. Each becomes a
     * tombstone until routing has flushed its routes and the last reference on it goes.
     */
    @Transactional
    public List<Ifnet> destroy(String vnetId, String name) {
        // both halves' VNETs together, in the order every locker shares: the two halves destroyed at once from
        // their two VNETs would otherwise each hold one lock and wait for the other until the database broke it
        locks.lock(vnetId, interfaces.peerVnet(vnetId, name).orElse(null));
        requireKnown(vnetId);
        Ifnet ifp = attached(vnetId, name);
        if (ifp.kind() == IfKind.LOOP && LOOPBACK.equals(ifp.name())) {
            throw Rejected.invalid("name", "lo0 cannot be destroyed; it goes with its VNET");
        }
        if (ifp.kind() == IfKind.ETHER) {
            throw Rejected.invalid("name", name + " is a physical interface; it cannot be destroyed");
        }
        List<Ifnet> destroyed = new ArrayList<>(List.of(ifp));
        ifp.peerIndex().flatMap(interfaces::findByIdOptional).filter(p -> p.state() == IfState.ATTACHED)
                .ifPresent(peer -> {
                    // held already, unless the other half moved since it was read
                    locks.lock(peer.vnet());
                    destroyed.add(peer);
                });
        destroyed.forEach(i -> detach(i, null));
        return destroyed;
    }

    /** An interface whose home VNET is going away, loaned out elsewhere: destroyed where it is. */
    void destroyLoanedOut(Ifnet ifp, Envelope cause) {
        detach(ifp, cause);
    }

    private void detach(Ifnet ifp, Envelope cause) {
        if (ifp.hasTunnel()) {
            publish(new TunnelRelease(ifp.vnet(), ifp.index(), ifp.name()), cause);
        }
        List<PrefixRouteHeir> heirs = addressesLeave(ifp);
        ifp.detach(Instant.now());
        publish(new IfnetDeparture(ifp.vnet(), ifp.name(), ifp.index(), IfnetDeparture.Fate.TOMBSTONE, heirs), cause);
    }

    /**
     * {@code ifconfig IF vnet JAIL} ({@code if_vmove_loan}), from the interface's VNET: loaned to a VNET below it,
     * addresses purged, routes through it gone.
     */
    @Transactional
    public Ifnet moveOut(String vnetId, String name, String target) {
        locks.lock(vnetId, target);
        requireAlive(vnetId);
        Ifnet ifp = attached(vnetId, name);
        if (target == null || target.equals(vnetId)) {
            throw Rejected.invalid("vnet", "the target VNET must be another VNET than " + vnetId);
        }
        requireAliveTarget(target);
        requireBelow(vnetId, target, "loaned only into");
        return interfaces.inFull(move(ifp, target, null));
    }

    /**
     * {@code ifconfig IF -vnet JAIL} ({@code if_vmove_reclaim}): the interface comes from a VNET below the caller's
     * into the caller's, wherever it was made, addresses purged. Refused while that VNET is shutting down (EBUSY):
     * its {@code vnet_if_return} is under way.
     */
    @Transactional
    public Ifnet reclaim(String vnetId, String name, String from) {
        locks.lock(vnetId, from);
        requireAlive(vnetId);
        if (from == null) {
            throw Rejected.invalid("vnet", "the VNET to reclaim " + name + " from is required");
        }
        if (from.equals(vnetId)) {
            throw Rejected.invalid("vnet", "the VNET to reclaim " + name + " from must be another VNET than "
                    + vnetId);
        }
        IfnetVnet source = requireKnownAs("vnet", from);
        requireBelow(vnetId, from, "reclaimed only from");
        Ifnet ifp = attached(from, name);
        if (!source.isAlive()) {
            throw Rejected.conflict("vnet", from + " is " + source.state() + ", not ALIVE (EBUSY)");
        }
        return interfaces.inFull(move(ifp, vnetId, null));
    }

    /**
     * {@code prison_find_child}: a jail sees only the jails below it, so an interface goes only into, or comes only
     * from, a VNET below the caller's; vnet0, the host's, is above every other. The tree never changes, so a refusal
     * is the request's fault (400), whatever the VNETs' states.
     */
    private void requireBelow(String caller, String other, String rule) {
        if (!VnetIds.VNET0.equals(caller) && !vnets.isBelow(other, caller)) {
            throw Rejected.invalid("vnet", other + " is not a descendant of " + caller + ": an interface is " + rule
                    + " a VNET below the caller's (prison_find_child finds no such jail: ENXIO)");
        }
    }

    private Ifnet move(Ifnet ifp, String target, Envelope cause) {
        if (ifp.kind() == IfKind.LOOP) {
            throw Rejected.invalid("name", ifp.name() + " is a loopback; it cannot move (EINVAL)");
        }
        interfaces.holdingName(target, ifp.name(), ifp.index()).ifPresent(holder -> {
            throw Rejected.conflict("name", nameTaken(target, holder));
        });
        if (ifp.hasTunnel()) {
            publish(new TunnelRelease(ifp.vnet(), ifp.index(), ifp.name()), cause);
        }
        relocate(ifp, target, cause);
        return ifp;
    }

    /**
     * {@code vnet_if_return}: a loaned interface goes back to the VNET that created it, its addresses purged, its
     * name and index kept (its home keeps the name for it).
     */
    void returnHome(Ifnet ifp, Envelope cause) {
        relocate(ifp, ifp.homeVnet(), cause);
    }

    /** The interface leaves its VNET for {@code target}: routing flushes it there and learns of it here. */
    private void relocate(Ifnet ifp, String target, Envelope cause) {
        String source = ifp.vnet();
        List<PrefixRouteHeir> heirs = addressesLeave(ifp);
        ifp.moveTo(target);
        publish(new IfnetDeparture(source, ifp.name(), ifp.index(), IfnetDeparture.Fate.VMOVE, heirs), cause);
        publish(new IfnetArrival(target, ifp.name(), ifp.index(), ifp.kind().name(), ifp.homeVnet()), cause);
    }

    /** The address an {@code ifconfig} left on its interface, and whether it added one (else it was there). */
    public record AddressConfigured(Ifaddr ifaddr, boolean added) {
    }

    /**
     * {@code ifconfig IF inet 10.0.0.2/24}; a bare address is a host address (/32, /128). An address the interface
     * has already is set again as the kernel does: an IPv4 one is removed, with its routes, and added with the
     * prefix length given ({@code in_aifaddr_ioctl} calls {@code in_difaddr_ioctl} first); an IPv6 one keeps its
     * prefix length, so the same one again changes nothing and another is refused ({@code in6_update_ifa}, EINVAL).
     * Returns the address, on its interface as the change left it, for the answer: read after the commit, a
     * failure would deny a change that was made.
     */
    @Transactional
    public AddressConfigured addAddress(String vnetId, String name, String text) {
        locks.lock(vnetId);
        requireAlive(vnetId);
        Ifnet ifp = attached(vnetId, name);
        CidrAddress written = onLink(ifp, text, LinkScope::readCidr);
        IpAddress address = written.address();
        IpPrefix prefix = written.prefix();
        if (address.family() == IpFamily.INET6 && prefix.length() == 0) {
            // in6_validate_ifra: the IPv6 address architecture is classless, a new address needs a prefix
            throw Rejected.invalid("address", "an IPv6 address needs a prefix length of 1 to 128 (EINVAL)");
        }
        if (LinkScope.isLinkLocal(address) && prefix.length() < LinkScope.MIN_PREFIX_LENGTH) {
            throw Rejected.invalid("address", "a link-local address is on its link's network, fe80::/64: its prefix"
                    + " length is " + LinkScope.MIN_PREFIX_LENGTH + " or more, not " + prefix.length());
        }
        Optional<Ifaddr> there = ifp.findAddress(address);
        if (there.isPresent() && address.family() == IpFamily.INET6) {
            if (there.get().prefixLength() != prefix.length()) {
                throw Rejected.invalid("address", "the prefix length of an existing address cannot be changed: "
                        + LinkScope.show(address, index -> ifp.name()) + " is on " + ifp.name() + " with /"
                        + there.get().prefixLength() + ", remove it first (EINVAL)");
            }
            interfaces.inFull(ifp);
            return new AddressConfigured(there.get(), false);
        }
        if (there.isPresent()) {
            removeAddress(vnetId, ifp, address);
        }
        interfaces.addressOwner(vnetId, address.toString()).filter(owner -> owner.index() != ifp.index())
                .ifPresent(owner -> {
                    throw Rejected.conflict("address", address + " is already on " + owner.name() + " in " + vnetId);
                });
        Ifaddr added = ifp.addAddress(address, prefix.length());
        sourceAddresses(vnetId, List.of(address.toString()), true);
        added.announced(publish(new IfaddrAdded(vnetId, ifp.name(), ifp.index(), address.family().name(),
                address.toString(), prefix.length()), null).id());
        interfaces.inFull(ifp);
        return new AddressConfigured(added, true);
    }

    @Transactional
    public void removeAddress(String vnetId, String name, String text) {
        locks.lock(vnetId);
        requireKnown(vnetId);
        Ifnet ifp = attached(vnetId, name);
        removeAddress(vnetId, ifp, onLink(ifp, text, LinkScope::readAddress));
    }

    /** {@code in_difaddr_ioctl}, {@code in6_purgeaddr}: the address goes, its prefix route to an heir if any. */
    private void removeAddress(String vnetId, Ifnet ifp, IpAddress address) {
        Ifaddr removed = ifp.removeAddress(address);
        sourceAddresses(vnetId, List.of(removed.address()), false);
        PrefixRoute prefixRoute = prefixRoute(vnetId, IpPrefix.of(address, removed.prefixLength()),
                Set.of(removed.id()));
        publish(new IfaddrRemoved(vnetId, ifp.name(), ifp.index(), removed.family().name(), removed.address(),
                removed.prefixLength(), prefixRoute.held(), prefixRoute.heir()), null);
    }

    /**
     * An address (or prefix) of {@code ifp} as written: a link-local one is on the interface's own link
     * ({@code in6_setscope}), which a zone after '%' may name but not contradict, and is kept with that zone
     * embedded ({@link LinkScope}); a zone on any other address is refused.
     */
    private static <T> T onLink(Ifnet ifp, String text, LinkScope.Reader<T> reader) {
        return parse("address", () -> reader.read(text, zone -> {
            if (zone != null && !zone.equals(ifp.name())) {
                throw Rejected.invalid("address", text + " names the link of " + zone + ", not of " + ifp.name()
                        + " (EINVAL)");
            }
            return ifp.index();
        }).value());
    }

    /** The VNET's tunnels whose source is one of the addresses run only while it is there ({@code in_gif_srcaddr}). */
    private void sourceAddresses(String vnetId, List<String> addresses, boolean present) {
        if (!addresses.isEmpty()) {
            interfaces.tunnelsFrom(vnetId, addresses).forEach(tunnel -> tunnel.sourceLocal(present));
        }
    }

    /** Whether addresses that leave held their network's prefix route, and which address takes it over. */
    private record PrefixRoute(boolean held, PrefixRouteHeir heir) {
    }

    /**
     * The first address of a network in the VNET holds its prefix route, the others share it ({@code in_addprefix});
     * when the holder leaves, the first address that stays takes it over ({@code in_scrubprefix}).
     */
    private PrefixRoute prefixRoute(String vnetId, IpPrefix network, Set<Long> leaving) {
        long first = Collections.min(leaving);
        List<IfnetRepository.NetworkAddress> staying = interfaces.inNetwork(vnetId, network).stream()
                .filter(a -> !leaving.contains(a.id())).toList();
        boolean held = staying.stream().noneMatch(a -> a.id() < first);
        PrefixRouteHeir heir = held && !staying.isEmpty() ? new PrefixRouteHeir(staying.get(0).ifIndex(),
                staying.get(0).ifName(), staying.get(0).address(), network.length()) : null;
        return new PrefixRoute(held, heir);
    }

    /**
     * What an interface's addresses leaving its VNET with it do there ({@code if_purgeaddrs}): the tunnels whose
     * source they are stop running, and the prefix routes they held pass to their heirs, which this returns.
     */
    private List<PrefixRouteHeir> addressesLeave(Ifnet ifp) {
        sourceAddresses(ifp.vnet(), ifp.addresses().stream().map(Ifaddr::address).toList(), false);
        Map<IpPrefix, Set<Long>> byNetwork = new LinkedHashMap<>();
        for (Ifaddr a : ifp.addresses()) {
            IpPrefix network = IpPrefix.of(IpAddress.parse(a.address()), a.prefixLength());
            byNetwork.computeIfAbsent(network, n -> new HashSet<>()).add(a.id());
        }
        List<PrefixRouteHeir> heirs = new ArrayList<>();
        byNetwork.forEach((network, leaving) -> {
            PrefixRouteHeir heir = prefixRoute(ifp.vnet(), network, leaving).heir();
            if (heir != null) {
                heirs.add(heir);
            }
        });
        return heirs;
    }

    /** {@code ifconfig gif0 tunnel SRC DST [tunnelfib FIB]}: routing resolves and subscribes for it. */
    @Transactional
    public Ifnet setTunnel(String vnetId, String name, String sourceText, String destinationText, int fib) {
        locks.lock(vnetId);
        requireAlive(vnetId);
        Ifnet ifp = attached(vnetId, name);
        IpAddress source = parse("source", () -> IpAddress.parse(sourceText));
        IpAddress destination = parse("destination", () -> IpAddress.parse(destinationText));
        // in_gif_checkdup: two tunnels of one kind in a VNET cannot share both endpoints
        interfaces.tunnelsFrom(vnetId, List.of(source.toString())).stream()
                .filter(other -> other.index() != ifp.index() && other.kind() == ifp.kind()
                        && other.tunnelDestination().equals(Optional.of(destination.toString())))
                .findFirst().ifPresent(other -> {
                    throw Rejected.conflict("destination", other.name() + " already tunnels " + source + " --> "
                            + destination + " (EADDRNOTAVAIL)");
                });
        long generation = ifp.setTunnel(source, destination, tunables.existingFib(fib));
        publish(new TunnelResolve(vnetId, ifp.index(), ifp.name(), fib, destination.family().name(),
                destination.toString(), generation), null);
        return interfaces.inFull(ifp);
    }

    /**
     * {@code ifconfig IF up} and {@code ifconfig IF down}: the interface's UP flag, under its VNET's lock as every
     * change to a VNET's interfaces is. No other layer keeps the flag, so nothing is announced.
     */
    @Transactional
    public Ifnet setUp(String vnetId, String name, boolean up) {
        locks.lock(vnetId);
        requireAlive(vnetId);
        Ifnet ifp = attached(vnetId, name);
        ifp.setUp(up);
        return interfaces.inFull(ifp);
    }

    /** {@code ifconfig gif0 -tunnel} ({@code gif_delete_tunnel}). */
    @Transactional
    public void deleteTunnel(String vnetId, String name) {
        locks.lock(vnetId);
        requireKnown(vnetId);
        Ifnet ifp = attached(vnetId, name);
        if (!ifp.deleteTunnel()) {
            throw Rejected.notFound("name", name + " has no tunnel");
        }
        publish(new TunnelRelease(vnetId, ifp.index(), ifp.name()), null);
    }

    /** {@code ifconfig -a} in a VNET; tombstones too when asked. */
    @Transactional
    public List<Ifnet> list(String vnetId, boolean withTombstones, long afterIndex, int count) {
        requireKnown(vnetId);
        List<Ifnet> page = interfaces.inVnet(vnetId, withTombstones, afterIndex, count);
        return interfaces.inFull(page);
    }

    @Transactional
    public Ifnet get(String vnetId, String name) {
        requireKnown(vnetId);
        return interfaces.inFull(attached(vnetId, name));
    }


    /** The references held on an interface of the VNET, in the order they were taken: its holders, a page at a time. */
    @Transactional
    public List<IfnetRef> holders(String vnetId, String name, long afterId, int count) {
        requireKnown(vnetId);
        return interfaces.refsOn(attached(vnetId, name).index(), afterId, count);
    }

    private Ifnet attachIfMissing(String vnetId, String name, IfKind kind, Envelope cause) {
        return interfaces.byName(vnetId, name).orElseGet(() -> {
            int unit = Integer.parseInt(name.replaceAll("^[a-z]+", "").isEmpty() ? "0" : name.replaceAll("^[a-z]+", ""));
            Ifnet ifp = Ifnet.attach(interfaces.nextIndex(), name, kind, unit, vnetId, Instant.now());
            interfaces.persist(ifp);
            publish(new IfnetArrival(vnetId, name, ifp.index(), kind.name(), ifp.homeVnet()), cause);
            return ifp;
        });
    }

    /** {@code EEXIST}, saying whether the name is taken there or kept for an interface of its own loaned out. */
    private static String nameTaken(String vnetId, Ifnet holder) {
        return holder.vnet().equals(vnetId)
                ? vnetId + " already has an interface named " + holder.name() + " (EEXIST)"
                : "the name " + holder.name() + " is kept in " + vnetId + " for its own " + holder.name()
                        + ", loaned to " + holder.vnet() + " (EEXIST)";
    }

    private Ifnet attached(String vnetId, String name) {
        return interfaces.byName(vnetId, name).orElseThrow(() -> Rejected.notFound("name",
                "no interface " + name + " in " + vnetId));
    }

    private void requireKnown(String vnetId) {
        requireKnownAs("vnetId", vnetId);
    }

    private IfnetVnet requireKnownAs(String field, String vnetId) {
        return vnets.findByIdOptional(vnetId).orElseThrow(() -> Rejected.notFound(field,
                "no VNET " + vnetId + " in the interface layer"));
    }

    private void requireAlive(String vnetId) {
        IfnetVnet vnet = requireKnownAs("vnetId", vnetId);
        if (!vnet.isAlive()) {
            throw Rejected.conflict("vnetId", vnetId + " is " + vnet.state() + ", not ALIVE");
        }
    }

    private void requireAliveTarget(String target) {
        IfnetVnet vnet = requireKnownAs("vnet", target);
        if (!vnet.isAlive()) {
            throw Rejected.conflict("vnet", target + " is " + vnet.state() + ", not ALIVE");
        }
    }

    Envelope publish(Message message, Envelope cause) {
        return outbox.reply(Topics.IFNET_EVENTS, message, cause);
    }

    void publishAll(List<? extends Message> messages, Envelope cause) {
        outbox.replyAll(Topics.IFNET_EVENTS, messages, cause);
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid(field, e.getMessage());
        }
    }
}
