package dev.jailnet.ifnet.store;

import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.ifnet.domain.IfKind;
import dev.jailnet.ifnet.domain.IfState;
import dev.jailnet.ifnet.domain.Ifnet;
import dev.jailnet.ifnet.domain.IfnetHolders;
import dev.jailnet.ifnet.domain.IfnetRef;
import dev.jailnet.messaging.SqlValues;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.Session;

@ApplicationScoped
public class IfnetRepository implements PanacheRepositoryBase<Ifnet, Integer> {

    /**
     * The interfaces of {@link #arrayOf}'s parameter {@code ?1}, a set to join with. The array is bound as text and
     * read once, in the subquery: written as {@code if_index = any(cast(?1 as integer[]))}, the cast is a filter's,
     * and a plan that reads the table whole (as one deleting most of it does) parsed the whole array again for each
     * row: 5.2 s for a teardown's 10,001 interfaces.
     */
    private static final String INDEXES = "(select unnest(cast(?1 as integer[])))";
    static final String DELETE_ALL = "delete from ifnet where if_index in " + INDEXES;
    /** An interface with its addresses and references: sets, so the two fetches together repeat no element. */
    private static final String WITH_ADDRESSES = "select i from Ifnet i left join fetch i.addresses";
    private static final String WHOLE = WITH_ADDRESSES + " left join fetch i.refs";

    private final SqlValues values;

    public IfnetRepository(SqlValues values) {
        this.values = values;
    }

    public List<Ifnet> inVnet(String vnetId, boolean withTombstones) {
        return withTombstones
                ? list("vnet = ?1 order by index", vnetId)
                : list("vnet = ?1 and state = ?2 order by index", vnetId, IfState.ATTACHED);
    }

    /** The tunnels of a VNET with endpoints set: only those are loaded, not every interface. */
    public List<Ifnet> tunnelsIn(String vnetId) {
        return list("vnet = ?1 and state = ?2 and tunnelDestination is not null order by index", vnetId,
                IfState.ATTACHED);
    }

    /** The tunnels of a VNET whose source is one of {@code addresses}. */
    public List<Ifnet> tunnelsFrom(String vnetId, Collection<String> addresses) {
        return list("vnet = ?1 and state = ?2 and tunnelSource in ?3", vnetId, IfState.ATTACHED, addresses);
    }

    /** {@code ifconfig -a}: in index order after {@code afterIndex}, at most {@code count}. */
    public List<Ifnet> inVnet(String vnetId, boolean withTombstones, long afterIndex, int count) {
        int after = (int) Math.max(afterIndex, Integer.MIN_VALUE);
        return (withTombstones
                ? find("vnet = ?1 and index > ?2 order by index", vnetId, after)
                : find("vnet = ?1 and index > ?2 and state = ?3 order by index", vnetId, after, IfState.ATTACHED))
                .range(0, count - 1).list();
    }

    /**
     * With its addresses, in one statement: most callers use them, and each would otherwise be read by a statement of
     * its own. Its references are read only if used (a destroy, a teardown): an interface 100,000 gateways lead
     * through has as many, which a change of its flags or addresses must not read. Without a row limit, which
     * Hibernate would apply in memory to a fetch of a collection.
     */
    public Optional<Ifnet> byName(String vnetId, String name) {
        return find(WITH_ADDRESSES + " where i.vnet = ?1 and i.name = ?2 and i.state = ?3", vnetId, name,
                IfState.ATTACHED).singleResultOptional();
    }

    /** By index, with its addresses, in one statement, as {@link #byName}: for the handlings that change them. */
    public Optional<Ifnet> withAddresses(int index) {
        return find(WITH_ADDRESSES + " where i.index = ?1", index).singleResultOptional();
    }

    /**
     * The interfaces in {@code vnetId}, tombstones too, with their addresses and references, in one statement: a
     * teardown purges the addresses of each and deletes some, whose references go with them.
     */
    public List<Ifnet> wholeInVnet(String vnetId) {
        return list(WHOLE + " where i.vnet = ?1 order by i.index", vnetId);
    }

    /**
     * The interface that holds {@code name} in a VNET, other than {@code except}: one attached there, or one of
     * its own loaned out elsewhere, whose name it keeps for its return ({@code vnet_if_return} must find it free).
     */
    public Optional<Ifnet> holdingName(String vnetId, String name, Integer except) {
        return find("state = ?1 and name = ?2 and (vnet = ?3 or homeVnet = ?3) and index <> ?4", IfState.ATTACHED, name,
                vnetId, except == null ? -1 : except).firstResultOptional();
    }

    /** Units of a cloner in use in its home VNET, wherever the interfaces are now. */
    public Set<Integer> unitsInUse(IfKind kind, String homeVnet) {
        return new HashSet<>(getEntityManager().createQuery(
                        "select i.unit from Ifnet i where i.kind = ?1 and i.homeVnet = ?2 and i.state = ?3", Integer.class)
                .setParameter(1, kind).setParameter(2, homeVnet).setParameter(3, IfState.ATTACHED).getResultList());
    }

    /** Serialises unit allocation of one cloner, as {@code ifc_alloc_unit} does, until the transaction ends. */
    public void lockCloner(IfKind kind, String homeVnet) {
        values.number("select count(*) from (select pg_advisory_xact_lock(hashtext(current_schema() || ':cloner:'"
                + " || ?))) as locked", kind.name() + "@" + homeVnet);
    }

    public Optional<Ifnet> addressOwner(String vnetId, String address) {
        return find("select i from Ifnet i join i.addresses a where i.vnet = ?1 and a.address = ?2", vnetId, address)
                .firstResultOptional();
    }

    /** An address of a network, on its interface. */
    public record NetworkAddress(long id, int ifIndex, String ifName, String address) {
    }

    /**
     * The addresses of a VNET's interfaces in one network (the same prefix and length), in the order they were added:
     * the order in which the kernel's list of addresses offers an heir to the network's prefix route ({@code
     * in_scrubprefix}).
     */
    @SuppressWarnings("unchecked")
    public List<NetworkAddress> inNetwork(String vnetId, IpPrefix network) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        select a.id, a.if_index, i.name, a.address from ifaddr a join ifnet i on i.if_index = a.if_index
                        where i.vnet = ?1 and i.state = ?2 and a.family = ?3 and a.prefix_length = ?4
                        and network(cast(a.address || '/' || a.prefix_length as inet)) = cast(?5 as cidr)
                        order by a.id""")
                .setParameter(1, vnetId).setParameter(2, IfState.ATTACHED.name())
                .setParameter(3, network.family().name()).setParameter(4, network.length())
                .setParameter(5, network.toCidr()).getResultList();
        return rows.stream().map(row -> new NetworkAddress(((Number) row[0]).longValue(), ((Number) row[1]).intValue(),
                (String) row[2], (String) row[3])).toList();
    }

    /**
     * Reads what answers show of {@code interfaces}: their addresses, and the count and first holders of their
     * references, in one statement for all of them (an index probe per interface for the first, however many
     * references it has). What the session holds is flushed first, as the statement reads the table directly.
     */
    public List<Ifnet> inFull(List<Ifnet> interfaces) {
        Map<Integer, IfnetHolders> held = new HashMap<>();
        if (!interfaces.isEmpty()) {
            getEntityManager().flush();
            getEntityManager().unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement query = connection.prepareStatement("""
                        select u.if_index,
                               (select count(*) from ifnet_ref r where r.if_index = u.if_index),
                               array(select r.holder from ifnet_ref r where r.if_index = u.if_index
                                     order by r.id limit ?)
                        from unnest(?::integer[]) as u(if_index)""")) {
                    query.setInt(1, IfnetHolders.SHOWN);
                    query.setArray(2, connection.createArrayOf("integer",
                            interfaces.stream().map(Ifnet::index).toArray()));
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            held.put(rows.getInt(1), new IfnetHolders(rows.getLong(2),
                                    List.of((String[]) rows.getArray(3).getArray())));
                        }
                    }
                }
            });
        }
        interfaces.forEach(ifp -> ifp.inFull(held.get(ifp.index())));
        return interfaces;
    }

    public Ifnet inFull(Ifnet ifp) {
        return inFull(List.of(ifp)).get(0);
    }

    /** The references held on an interface, in the order taken, after {@code afterId}, at most {@code count}. */
    public List<IfnetRef> refsOn(int ifIndex, long afterId, int count) {
        return getEntityManager().createQuery("from IfnetRef r where r.ifnet.index = ?1 and r.id > ?2 order by r.id",
                IfnetRef.class).setParameter(1, ifIndex).setParameter(2, afterId).setMaxResults(count).getResultList();
    }

    /** Deletes the references held by the nexthops of a VNET, marking it released; the interfaces' indexes, one per reference. */
    @SuppressWarnings("unchecked")
    public List<Integer> releaseRefsHeldBy(String vnetId) {
        getEntityManager().createNativeQuery("insert into nhop_vnet_release (vnet_id) values (?1) on conflict do nothing")
                .setParameter(1, vnetId).executeUpdate();
        return ((List<Number>) getEntityManager().createNativeQuery(
                        "delete from ifnet_ref where holder_vnet = ?1 returning if_index").setParameter(1, vnetId)
                .getResultList()).stream().map(Number::intValue).toList();
    }

    /** What became of a nexthop's {@code if_ref}. */
    public enum RefTaken {
        /** Recorded on the interface. */
        TAKEN,
        /** Not taken: the nexthop's release came first, or {@code vnet_shutdown} released the VNET's already. */
        RELEASED,
        /** Not taken: no interface has that index any more. */
        MISSING
    }

    /**
     * {@code if_ref} on behalf of a nexthop, in one statement and without loading the interface: an early
     * release of {@code holder} is consumed instead (the release came first), and nothing is taken once
     * {@code vnet_shutdown} released the references of the holder's VNET. The interface's other references
     * and addresses are not read, so a nexthop's announcement costs the same whatever the interface holds.
     */
    public RefTaken takeRef(String holder, String holderVnet, int ifIndex, Instant now) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                        with early as (delete from ifnet_ref_release where holder = ?1 returning holder),
                             skip as (select exists (select 1 from early)
                                          or exists (select 1 from nhop_vnet_release where vnet_id = ?2) as released),
                             taken as (insert into ifnet_ref (holder, holder_vnet, if_index, taken_at)
                                       select ?1, ?2, i.if_index, ?4 from ifnet i
                                       where i.if_index = ?3 and not (select released from skip)
                                       returning if_index)
                        select (select released from skip), exists (select 1 from taken)""")
                .setParameter(1, holder).setParameter(2, holderVnet).setParameter(3, ifIndex).setParameter(4, now)
                .getSingleResult();
        if ((Boolean) row[0]) {
            return RefTaken.RELEASED;
        }
        return (Boolean) row[1] ? RefTaken.TAKEN : RefTaken.MISSING;
    }

    /**
     * {@code if_rele} on behalf of a holder, in one statement and without loading the interface, as {@link #takeRef}
     * takes it: its cost does not grow with the references the interface holds. False when the holder held none.
     */
    public boolean releaseRef(String holder, int ifIndex) {
        return getEntityManager().createNativeQuery("delete from ifnet_ref where holder = ?1 and if_index = ?2")
                .setParameter(1, holder).setParameter(2, ifIndex).executeUpdate() > 0;
    }

    /**
     * The VNETs other than {@code vnetId} that its teardown changes: the homes of the interfaces loaned into it,
     * and the VNETs its own interfaces are loaned to.
     */
    @SuppressWarnings("unchecked")
    public List<String> neighbours(String vnetId) {
        return getEntityManager().createNativeQuery("""
                        select home_vnet from ifnet where vnet = ?1 and home_vnet <> ?1
                        union select vnet from ifnet where home_vnet = ?1 and vnet <> ?1""")
                .setParameter(1, vnetId).getResultList();
    }

    /**
     * The VNET of the other half of the epair {@code name} of {@code vnetId}, read without loading either (a read
     * before the VNETs' locks must leave nothing in the session for the reads under them); empty for any other.
     */
    @SuppressWarnings("unchecked")
    public Optional<String> peerVnet(String vnetId, String name) {
        return getEntityManager().createNativeQuery("""
                        select p.vnet from ifnet i join ifnet p on p.if_index = i.peer_index
                        where i.vnet = ?1 and i.name = ?2 and i.state = 'ATTACHED' and p.state = 'ATTACHED'""")
                .setParameter(1, vnetId).setParameter(2, name).getResultList().stream().findFirst();
    }

    /** An interface destroyed with its VNET without being loaded: its index, its name and how many addresses it had. */
    public record Plain(int index, String name, int addresses) {
    }

    /**
     * The interfaces made in {@code vnetId} that never left it, attached, but {@code lo0} (which goes last,
     * alone): those a teardown destroys together, read in one statement.
     */
    @SuppressWarnings("unchecked")
    public List<Plain> plainIn(String vnetId, String loopback) {
        return ((List<Object[]>) getEntityManager().createNativeQuery("""
                        select i.if_index, i.name, (select count(*) from ifaddr a where a.if_index = i.if_index)
                        from ifnet i
                        where i.vnet = ?1 and i.home_vnet = ?1 and i.state = ?2 and i.name <> ?3
                        order by i.if_index""")
                .setParameter(1, vnetId).setParameter(2, IfState.ATTACHED.name()).setParameter(3, loopback)
                .getResultList()).stream()
                .map(row -> new Plain(((Number) row[0]).intValue(), (String) row[1], ((Number) row[2]).intValue()))
                .toList();
    }

    /** The interfaces in {@code vnetId} that something still holds a reference on. */
    public List<Ifnet> referencedIn(String vnetId) {
        return find("select distinct i from Ifnet i join i.refs r where i.vnet = ?1 order by i.index", vnetId).list();
    }

    /**
     * Deletes interfaces in one statement, their addresses and references with them (the schema's trigger deletes
     * those once per statement, not once per interface: see migration V7): for a VNET's teardown, where most
     * interfaces go at once. None of them is loaded.
     */
    public void deleteAll(List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return;
        }
        flush();
        getEntityManager().createNativeQuery(DELETE_ALL).setParameter(1, arrayOf(indexes)).executeUpdate();
    }

    /** What routing's letting go of an interface did to it. */
    public enum LetGo {
        /** A tombstone nothing held: deleted, its addresses with it. */
        FREED,
        /** A tombstone still held: marked, for its last release to free. */
        MARKED,
        /** No tombstone of that index: an interface still attached, or one already gone. */
        NONE
    }

    /**
     * Routing has let the interface go: a tombstone nothing holds is deleted, one still held is marked for its last
     * release to free ({@link Ifnet#freeable()}). One statement, the interface not loaded: loading it read it and
     * both its collections, and its deletion then cost an update and a delete. On the transaction's connection
     * without the ORM, so the persistence context must hold no change of the interface: the handler runs it first.
     * The interface's row is locked first, as a release locks it ({@link #tombstonesAmong}): the statement after the
     * lock sees every release committed before it, and a release after it sees the mark, so one of the two frees it.
     */
    public LetGo routingLetGo(int index) {
        values.number("select count(*) from (select from ifnet where if_index = ? for update) locked", index);
        long outcome = values.number("""
                with freed as (delete from ifnet
                               where if_index = ? and state = ? and not exists (select 1 from ifnet_ref where if_index = ?)
                               returning if_index),
                     marked as (update ifnet set routing_detached = true, version = version + 1
                                where if_index = ? and state = ? and not exists (select 1 from freed)
                                returning if_index)
                select 2 * (select count(*) from freed) + (select count(*) from marked)""",
                index, IfState.TOMBSTONE.name(), index, index, IfState.TOMBSTONE.name());
        return outcome == 2 ? LetGo.FREED : outcome == 1 ? LetGo.MARKED : LetGo.NONE;
    }

    /**
     * The tombstones among {@code indexes}, the only interfaces a released reference can free, locked in index order:
     * of two last releases, or a last release and routing's detach ({@link #routingLetGo}), the later sees the
     * earlier committed and frees the tombstone, where each alone saw the other's change uncommitted and kept it.
     */
    @SuppressWarnings("unchecked")
    public List<Ifnet> tombstonesAmong(Collection<Integer> indexes) {
        return indexes.isEmpty() ? List.of() : getEntityManager().createNativeQuery(
                        "select * from ifnet where if_index in " + INDEXES + " and state = ?2 order by if_index"
                                + " for update", Ifnet.class)
                .setParameter(1, arrayOf(indexes)).setParameter(2, IfState.TOMBSTONE.name())
                .getResultList();
    }

    /**
     * Indexes bound as one array, whatever their number: a list of bind parameters stops at PostgreSQL's 65,535,
     * and a VNET's teardown can name more interfaces than that.
     */
    static String arrayOf(Collection<Integer> indexes) {
        return indexes.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** The interfaces whose home is {@code vnetId}, wherever they are and whatever their state. */
    public List<Ifnet> homedIn(String vnetId) {
        return list("homeVnet = ?1 order by index", vnetId);
    }

    public int nextIndex() {
        return (int) values.nextval("if_index_seq");
    }

    public List<Ifnet> inVnets(Collection<String> vnetIds) {
        return list("vnet in ?1", vnetIds);
    }

    /**
     * The VNETs that interfaces are in (tombstones too), in id order ({@code COLLATE "C"}) after {@code after}
     * (null: from the first), at most {@code limit}.
     */
    @SuppressWarnings("unchecked")
    public List<String> vnetsWithInterfaces(String after, int limit) {
        return getEntityManager().createNativeQuery("""
                        select distinct vnet collate "C" from ifnet
                        where cast(?1 as text) is null or vnet collate "C" > ?1 order by 1 limit ?2""", String.class)
                .setParameter(1, after).setParameter(2, limit).getResultList();
    }
}
