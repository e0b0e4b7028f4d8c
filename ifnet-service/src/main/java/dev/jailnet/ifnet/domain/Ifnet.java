package dev.jailnet.ifnet.domain;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.problem.Rejected;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Hibernate;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

/**
 * An interface ({@code struct ifnet}): a global index that survives moves, a name unique within its
 * current VNET ({@code if_vnet}), the VNET that created it ({@code if_home_vnet}), its addresses, a tunnel's
 * endpoints and route cache, and the references other objects hold on it ({@code if_refcount}, derived from
 * the holders recorded). A destroyed interface that is still referenced lives on as a tombstone.
 */
@Entity
@Table(name = "ifnet")
public class Ifnet {

    @Id
    @Column(name = "if_index")
    private int index;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IfKind kind;

    @Column(nullable = false)
    private int unit;

    @Column(name = "home_vnet", nullable = false)
    private String homeVnet;

    @Column(name = "vnet", nullable = false)
    private String vnet;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IfState state = IfState.ATTACHED;

    @Column(nullable = false)
    private boolean up;

    @Column(nullable = false)
    private boolean running;

    @Column(nullable = false)
    private int mtu;

    /** The other half of an epair. */
    @Column(name = "peer_index")
    private Integer peerIndex;

    @Column(name = "tunnel_source")
    private String tunnelSource;

    @Column(name = "tunnel_destination")
    private String tunnelDestination;

    @Column(name = "tunnel_fib")
    private Integer tunnelFib;

    /** Counts endpoint changes: a routing answer for an older generation is stale. */
    @Column(name = "tunnel_generation", nullable = false)
    private long tunnelGeneration;

    @Column(name = "tunnel_subscribed", nullable = false)
    private boolean tunnelSubscribed;

    /** Routing has answered the current endpoints: the route cache is what routing found (maybe nothing). */
    @Column(name = "tunnel_resolved", nullable = false)
    private boolean tunnelResolved;

    @Column(name = "cached_nhop_id")
    private Long cachedNhopId;

    @Column(name = "cached_egress")
    private String cachedEgress;

    @Column(name = "cached_gateway")
    private String cachedGateway;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "detached_at")
    private Instant detachedAt;

    /** For a tombstone: routing has flushed the routes through it and announced every nexthop on it. */
    @Column(name = "routing_detached", nullable = false)
    private boolean routingDetached;

    /* Sets (ordered: Hibernate keeps an @OrderBy set's order), so that one statement can fetch both with it. */
    @OneToMany(mappedBy = "ifnet", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.LAZY)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("id")
    private Set<Ifaddr> addresses = new LinkedHashSet<>();

    @OneToMany(mappedBy = "ifnet", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.LAZY)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("id")
    private Set<IfnetRef> refs = new LinkedHashSet<>();

    @Version
    private long version;

    @Transient
    private IfnetHolders shownHolders;

    protected Ifnet() {
    }

    private Ifnet(int index, String name, IfKind kind, int unit, String homeVnet, String vnet, Instant now) {
        Cloners.validateName("name", name);
        this.index = index;
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.homeVnet = homeVnet;
        this.vnet = vnet;
        this.mtu = kind.mtu();
        this.createdAt = now;
    }

    /**
     * {@code if_attach} in {@code vnet}, its home. A VNET's {@code lo0} and NICs come up at once; clones start down,
     * {@code lo1} and on too, and an epair runs from its creation ({@code epair_clone_create} sets both ends' RUNNING).
     */
    public static Ifnet attach(int index, String name, IfKind kind, int unit, String vnet, Instant now) {
        return attach(index, name, kind, unit, vnet, vnet, now);
    }

    /** As {@link #attach}, for an interface whose home is not where it is created (a vxlan is host-owned). */
    public static Ifnet attach(int index, String name, IfKind kind, int unit, String homeVnet, String vnet, Instant now) {
        Ifnet ifp = new Ifnet(index, name, kind, unit, homeVnet, vnet, now);
        if ((kind == IfKind.LOOP && unit == 0) || kind == IfKind.ETHER) {
            ifp.up = true;
            ifp.running = true;
        }
        if (kind == IfKind.EPAIR) {
            ifp.running = true;
        }
        return ifp;
    }

    void pairWith(Ifnet peer) {
        this.peerIndex = peer.index;
        peer.peerIndex = this.index;
    }

    /** {@code in_control(SIOCAIFADDR)}: the interface comes up with its first address. */
    public Ifaddr addAddress(IpAddress address, int prefixLength) {
        requireAttached();
        if (findAddress(address).isPresent()) {
            throw Rejected.conflict("address", LinkScope.show(address, index -> name) + " is already on " + name
                    + " (EEXIST)");
        }
        Ifaddr ifaddr = new Ifaddr(this, address, prefixLength);
        addresses.add(ifaddr);
        up = true;
        if (!isTunnel()) {
            running = true;
        }
        return ifaddr;
    }

    public Ifaddr removeAddress(IpAddress address) {
        Ifaddr ifaddr = findAddress(address).orElseThrow(() -> Rejected.notFound("address",
                name + " has no address " + LinkScope.show(address, index -> name)));
        addresses.remove(ifaddr);
        return ifaddr;
    }

    /**
     * {@code RTM_NEWADDR}: routing added the routes of this address, if it is still there as {@code announcement}
     * announced it.
     */
    public void addressRouted(IpAddress address, int prefixLength, UUID announcement) {
        findAddress(address).filter(a -> a.prefixLength() == prefixLength && a.answeredBy(announcement))
                .ifPresent(Ifaddr::routesAdded);
    }

    public boolean tunnelResolved() {
        return tunnelResolved;
    }

    public Optional<Ifaddr> findAddress(IpAddress address) {
        return addresses.stream().filter(a -> a.address().equals(address.toString())).findFirst();
    }

    /** Sets the outer endpoints; the cache is empty until routing answers this generation. */
    public long setTunnel(IpAddress source, IpAddress destination, int fib) {
        requireAttached();
        if (!isTunnel()) {
            throw Rejected.invalid("name", name + " is not a tunnel interface (gif, gre or vxlan)");
        }
        if (source.family() != destination.family()) {
            throw Rejected.invalid("destination", "source " + source + " and destination " + destination
                    + " are of different families");
        }
        tunnelSource = source.toString();
        tunnelDestination = destination.toString();
        tunnelFib = fib;
        up = true;
        dropCache();
        return ++tunnelGeneration;
    }

    /**
     * {@code ifconfig IF up} or {@code down} ({@code if_up}, {@code if_down}): only {@code IFF_UP} changes. The
     * addresses and the routes through the interface stay, as the kernel's do (a packet sent out of a down interface
     * fails with ENETDOWN; no route goes). RUNNING is the driver's: a NIC (iflib) and a bridge start with UP and
     * stop with down ({@code bridge_init}, {@code bridge_stop}); an epair's flags ioctl does nothing (it runs from its
     * creation to its destruction), a loopback's neither; a tunnel runs as its route cache says.
     */
    public void setUp(boolean up) {
        requireAttached();
        this.up = up;
        if (kind == IfKind.ETHER || kind == IfKind.BRIDGE) {
            running = up;
        }
    }

    /** {@code gif_delete_tunnel}. Returns false when there was no tunnel. */
    public boolean deleteTunnel() {
        if (!hasTunnel()) {
            return false;
        }
        tunnelSource = null;
        tunnelDestination = null;
        tunnelFib = null;
        tunnelSubscribed = false;
        tunnelGeneration++;
        dropCache();
        return true;
    }

    /**
     * Routing's answer to this tunnel's resolve; ignored when it is about older endpoints. {@code sourceLocal}: the
     * tunnel's source is an address of its VNET.
     */
    public boolean routeResolved(long generation, boolean subscribed, Long nhopId, String egress, String gateway,
                                 boolean sourceLocal) {
        if (!hasTunnel() || generation != tunnelGeneration) {
            return false;
        }
        tunnelSubscribed = subscribed;
        tunnelResolved = true;
        cachedNhopId = nhopId;
        cachedEgress = egress;
        cachedGateway = gateway;
        sourceLocal(sourceLocal);
        return true;
    }

    /**
     * A tunnel runs while its cache holds a nexthop and its source is an address of its VNET: {@code
     * in_gif_set_running} clears the flag when the source address goes, so that nothing leaves with a source that is
     * not the host's, and sets it again when the address comes back.
     */
    public void sourceLocal(boolean local) {
        if (hasTunnel()) {
            running = cachedNhopId != null && local;
        }
    }

    /** A tunnel stops running with its cache; another interface's RUNNING is its driver's and stays. */
    private void dropCache() {
        tunnelResolved = false;
        cachedNhopId = null;
        cachedEgress = null;
        cachedGateway = null;
        if (isTunnel()) {
            running = false;
        }
    }

    /**
     * {@code vnet_shutdown}: the tunnel goes down and drops its nexthop reference and its subscription;
     * answers routing may still send about it are stale. Returns the nexthop it held, if any.
     */
    public Optional<Long> releaseCache() {
        Optional<Long> held = cachedNhopId();
        tunnelSubscribed = false;
        tunnelGeneration++;
        dropCache();
        up = false;
        return held;
    }

    /** Frees the interface's addresses; returns how many there were. */
    public int purgeAddresses() {
        int count = addresses.size();
        addresses.clear();
        return count;
    }

    /**
     * {@code if_vmove}: to another VNET with the name and index kept and the addresses purged; a tunnel
     * loses its endpoints. It arrives down ({@code if_detach_internal} calls {@code if_down} on a move as on a
     * destruction): {@code ifconfig IF up}, or an address, brings it up there. Returns the addresses purged.
     */
    public List<Ifaddr> moveTo(String target) {
        requireAttached();
        List<Ifaddr> purged = List.copyOf(addresses);
        addresses.clear();
        deleteTunnel();
        up = false;
        vnet = target;
        return purged;
    }

    /** {@code if_detach}: unlinked, addresses and tunnel gone; freed once routing forgot it and no one refers to it. */
    public void detach(Instant now) {
        requireAttached();
        addresses.clear();
        deleteTunnel();
        state = IfState.TOMBSTONE;
        up = false;
        running = false;
        detachedAt = now;
    }

    public boolean freeable() {
        return state == IfState.TOMBSTONE && routingDetached && refs.isEmpty();
    }

    private void requireAttached() {
        if (state != IfState.ATTACHED) {
            throw Rejected.notFound("name", name + " (index " + index + ") has been destroyed");
        }
    }

    /** {@code ifconfig} flags as it prints them. */
    public List<IfFlag> flags() {
        boolean pointToPoint = isTunnel() && kind != IfKind.VXLAN;
        List<IfFlag> flags = new ArrayList<>();
        if (up) {
            flags.add(IfFlag.UP);
        }
        if (kind == IfKind.LOOP) {
            flags.add(IfFlag.LOOPBACK);
        } else if (pointToPoint) {
            flags.add(IfFlag.POINTOPOINT);
        } else {
            flags.add(IfFlag.BROADCAST);
        }
        if (running) {
            flags.add(IfFlag.RUNNING);
        }
        if (!pointToPoint && kind != IfKind.LOOP) {
            flags.add(IfFlag.SIMPLEX);
        }
        flags.add(IfFlag.MULTICAST);
        return flags;
    }

    public boolean isTunnel() {
        return kind == IfKind.GIF || kind == IfKind.GRE || kind == IfKind.VXLAN;
    }

    /** The outer address family, as routing names it ({@code INET}, {@code INET6}). */
    public String tunnelFamily() {
        return IpAddress.parse(tunnelDestination().orElseThrow()).family().name();
    }

    public boolean hasTunnel() {
        return tunnelDestination != null;
    }

    public boolean isLoaned() {
        return !vnet.equals(homeVnet);
    }

    public int refcount() {
        return refs.size();
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public IfKind kind() {
        return kind;
    }

    public int unit() {
        return unit;
    }

    public String homeVnet() {
        return homeVnet;
    }

    public String vnet() {
        return vnet;
    }

    public IfState state() {
        return state;
    }

    public int mtu() {
        return mtu;
    }

    public Optional<Integer> peerIndex() {
        return Optional.ofNullable(peerIndex);
    }

    public Optional<String> tunnelSource() {
        return Optional.ofNullable(tunnelSource);
    }

    public Optional<String> tunnelDestination() {
        return Optional.ofNullable(tunnelDestination);
    }

    public Optional<Integer> tunnelFib() {
        return Optional.ofNullable(tunnelFib);
    }

    public long tunnelGeneration() {
        return tunnelGeneration;
    }

    public boolean tunnelSubscribed() {
        return tunnelSubscribed;
    }

    public Optional<Long> cachedNhopId() {
        return Optional.ofNullable(cachedNhopId);
    }

    public Optional<String> cachedEgress() {
        return Optional.ofNullable(cachedEgress);
    }

    public Optional<String> cachedGateway() {
        return Optional.ofNullable(cachedGateway);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> detachedAt() {
        return Optional.ofNullable(detachedAt);
    }

    /**
     * With its addresses read and what an answer shows of its references ({@code IfnetRepository.inFull}), for an
     * answer built after the transaction. The addresses are read when first used, for every interface the same query
     * loaded: most handlings use neither.
     */
    public Ifnet inFull(IfnetHolders holders) {
        Hibernate.initialize(addresses);
        shownHolders = holders;
        return this;
    }

    /** The count and first holders read for an answer, by {@code IfnetRepository.inFull}. */
    public IfnetHolders shownHolders() {
        if (shownHolders == null) {
            throw new IllegalStateException(name + "'s holders were not read for an answer");
        }
        return shownHolders;
    }

    public List<Ifaddr> addresses() {
        return List.copyOf(addresses);
    }

    public List<IfnetRef> refs() {
        return List.copyOf(refs);
    }
}
