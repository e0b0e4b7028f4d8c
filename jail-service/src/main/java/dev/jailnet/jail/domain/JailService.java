package dev.jailnet.jail.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.jail.config.JailConfig;
import dev.jailnet.jail.store.PrisonRepository;
import dev.jailnet.messaging.Actors;
import dev.jailnet.messaging.OperatorActions;
import dev.jailnet.messaging.Outbox;
import dev.jailnet.messaging.VnetCommits;
import dev.jailnet.problem.Rejected;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/** The jails: creation, processes, holds, and following the VNET creation saga. */
@ApplicationScoped
public class JailService {

    private static final Logger LOG = Logger.getLogger(JailService.class);

    private final PrisonRepository prisons;
    private final Outbox outbox;
    private final JailConfig config;
    private final Actors actors;
    private final OperatorActions operatorActions;
    private final VnetCommits commits;

    public JailService(PrisonRepository prisons, Outbox outbox, JailConfig config, Actors actors,
                       OperatorActions operatorActions, VnetCommits commits) {
        this.prisons = prisons;
        this.outbox = outbox;
        this.config = config;
        this.actors = actors;
        this.operatorActions = operatorActions;
        this.commits = commits;
    }

    /**
     * {@code jail_set(JAIL_CREATE)}, with {@code JAIL_ATTACH} when {@code attach}: the creating process enters
     * the jail. A VNET jail is INVALID until vnet-service reports its VNET ALIVE. As jail(8) does, a jail that is
     * neither persistent nor entered by a process is refused: nothing would keep it, it would die at once.
     * The jail is created in {@code parent} (a jid or name) when given, else in the jail its dotted name begins
     * with ({@code a.b} is {@code b} in {@code a}), else in the host; a jail without a VNET of its own shares its
     * parent's network stack.
     */
    @Transactional
    public Prison create(JailParameters parameters) {
        String name = parameters.name();
        boolean vnet = parameters.vnet();
        List<String> interfaces = parameters.interfaces();
        if (!parameters.persist() && !parameters.attach()) {
            throw Rejected.invalid("persist", "a jail that is not persistent needs a process (attach: true);"
                    + " without one nothing keeps it and it would die at once");
        }
        if (parameters.legacy() && !vnet) {
            throw Rejected.invalid("shutdown", "only a jail with its own VNET has a VNET teardown to choose");
        }
        if (!interfaces.isEmpty() && !vnet) {
            throw Rejected.invalid("interfaces", "only a jail with its own VNET (vnet: true) takes interfaces");
        }
        if (interfaces.stream().distinct().count() != interfaces.size()) {
            throw Rejected.invalid("interfaces", "an interface is named twice");
        }
        Optional<Prison> parent = parentOf(parameters);
        String component = parent.map(p -> ownComponent(name, p)).orElse(name);
        if (component.isEmpty() || component.contains(".")) {
            throw Rejected.invalid("name", "'" + name + "' does not name a jail in " + parent.map(Prison::name)
                    .orElse("the host") + ": a name's components are separated by single dots");
        }
        if (component.chars().allMatch(Character::isDigit)) {
            // jail(8) takes a numeric last component as the jail's jid (kern_jail.c); here jids are chosen, not asked
            throw Rejected.invalid("name", "a jail name must not be a number: '" + component + "' would be read as"
                    + " a jid");
        }
        String fullName = parent.map(p -> p.name() + "." + component).orElse(name);
        if (fullName.length() > JailParameters.NAME_LENGTH) {
            throw Rejected.invalid("name", "'" + fullName + "' is longer than " + JailParameters.NAME_LENGTH
                    + " characters");
        }
        prisons.findLiveByName(fullName).ifPresent(existing -> {
            throw Rejected.conflict("name", "a jail named '" + fullName + "' exists (jid " + existing.jid() + ")");
        });
        int jid = allocateJid();
        String vnetId = vnet ? "vnet" + prisons.nextValue("vnet_seq") : null;
        Instant now = Instant.now();
        Prison prison = parent.isPresent()
                ? parent.get().createChild(jid, component, vnet, vnetId, parameters.persist(),
                        parameters.childrenMax(), now)
                : Prison.create(jid, name, vnet, vnetId, parameters.persist(), parameters.childrenMax(), now);
        if (parameters.attach()) {
            prison.attachCreator((int) prisons.nextValue("pid_seq"), prison.createdAt());
        }
        try {
            prisons.persistAndFlush(prison);
        } catch (PersistenceException e) {
            if (!nameTaken(e)) {
                throw e;
            }
            throw Rejected.conflict("name", "a jail named '" + fullName + "' was created meanwhile");
        }
        outbox.send(Topics.JAIL_EVENTS, new JailCreated(jid, fullName, vnet, prison.vnetId(), interfaces,
                prison.createdAt(), parameters.legacy(), parent.map(Prison::jid).orElse(null),
                parent.map(Prison::vnetId).orElse(VnetIds.VNET0)));
        if (!vnet) {
            outbox.send(Topics.JAIL_EVENTS, new JailAlive(jid, fullName, prison.vnetId()));
        }
        operatorActions.record("jail_create", "jail " + jid + " (" + fullName + ")");
        return prison;
    }

    /** The jail to create in, locked: the one named, or the one the dotted name begins with; empty for the host. */
    private Optional<Prison> parentOf(JailParameters parameters) {
        if (parameters.parent() != null) {
            String parent = parameters.parent();
            return Optional.of(lockedIfAny(parent)
                    .orElseThrow(() -> Rejected.invalid("parent", "no jail " + parent + " to create the jail in")));
        }
        int dot = parameters.name().lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String parentName = parameters.name().substring(0, dot);
        return Optional.of(prisons.lock(null, parentName).orElseThrow(() -> Rejected.invalid("name",
                "no live jail '" + parentName + "' to create '" + parameters.name() + "' in")));
    }

    /** The child's own component of {@code name}: the name itself, or what follows the parent's name and a dot. */
    private static String ownComponent(String name, Prison parent) {
        String prefix = parent.name() + ".";
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /**
     * The live-name index refused the row (unique violation, 23505). Any other failure of the insert is not a
     * taken name: the database stopping under it is an outage, and the client must be told so (503).
     */
    static boolean nameTaken(Throwable failure) {
        for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
            if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits, at most {@code wait}, for a jail just created to leave INVALID: ALIVE once its VNET is, DYING if it
     * was removed meanwhile. Empty when still INVALID. A jail whose VNET could not be made is freed at once; that
     * is refused here, as {@code jail -c} fails when the kernel cannot make the jail's VNET.
     */
    public Optional<Prison> awaitCreated(Prison created, Duration wait) {
        if (created.state() != PrisonState.INVALID) {
            return Optional.of(created);
        }
        return commits.await(created.vnetId(), wait, () -> {
            Prison now = current(created).orElseThrow(() -> Rejected.conflict("vnet", "jail " + created.jid()
                    + " (" + created.name() + ") was freed: its VNET " + created.vnetId() + " could not be created ("
                    + QuarkusTransaction.requiringNew().call(() -> prisons.creationFailure(created.jid(), created.name()))
                            .orElse("the creation saga failed") + ")"));
            return Optional.of(now).filter(p -> p.state() != PrisonState.INVALID);
        });
    }

    /**
     * Waits, at most {@code wait}, for a removed jail to be freed, after its descendants. Empty once it is; the jail
     * as it is when the wait ends, or at once when a hold keeps it or a descendant, which only its owner can release
     * ({@code jail_remove} killed the processes; {@code jail -r} returns, leaving the jail dying).
     */
    public Optional<Prison> awaitFreed(Prison removed, Duration wait) {
        if (removed.heldInTree() || removed.vnetId() == null) {
            return current(removed);
        }
        return commits.await(removed.vnetId(), wait, () -> {
            Optional<Prison> now = current(removed);
            return now.isEmpty() || now.get().heldInTree() ? Optional.of(new Removal(now)) : Optional.<Removal>empty();
        }).map(Removal::left).orElseGet(() -> current(removed));
    }

    /** Where a removal stands once it has settled: the jail while a reference keeps it, empty once freed. */
    private record Removal(Optional<Prison> left) {
    }

    /** The jail as it is now, read in a transaction of its own; empty once freed (its jid may be another's). */
    private Optional<Prison> current(Prison jail) {
        return QuarkusTransaction.requiringNew().call(() -> prisons.findByIdOptional(jail.jid()))
                .filter(p -> p.name().equals(jail.name()));
    }

    /**
     * By jid, or by name as {@code prison_find_name} finds it: the live jail of that name, else the newest dying one.
     * A dying jail only when asked for.
     */
    @Transactional
    public Prison find(String jidOrName, boolean includeDying) {
        Optional<Prison> found = isJid(jidOrName)
                ? prisons.findByIdOptional(Integer.parseInt(jidOrName))
                : prisons.findLiveByName(jidOrName).or(() -> prisons.findDyingByName(jidOrName));
        Prison prison = found.orElseThrow(() -> Rejected.notFound("jid", "no jail " + jidOrName));
        if (prison.state() == PrisonState.DYING && !includeDying) {
            throw Rejected.notFound("jid", "jail " + jidOrName + " is dying; add ?dying=true to see it");
        }
        return prison;
    }

    /** {@code jls}: in jid order, after {@code afterJid}, at most {@code count}. */
    @Transactional
    public List<Prison> list(boolean includeDying, long afterJid, int count) {
        return prisons.list(includeDying, afterJid, count);
    }

    /** The jail, locked for a change (see {@link PrisonRepository#lock}). */
    private Prison locked(String jidOrName) {
        return lockedIfAny(jidOrName).orElseThrow(() -> Rejected.notFound("jid", "no jail " + jidOrName));
    }

    private Optional<Prison> lockedIfAny(String jidOrName) {
        return isJid(jidOrName) ? prisons.lock(Integer.parseInt(jidOrName), null) : prisons.lock(null, jidOrName);
    }

    private Optional<Prison> locked(int jid) {
        return prisons.lock(jid, null);
    }

    @Transactional
    public JailProcess attach(String jidOrName) {
        Prison prison = locked(jidOrName);
        JailProcess process = prison.attach((int) prisons.nextValue("pid_seq"), Instant.now());
        prisons.flush();
        return process;
    }

    @Transactional
    public void exit(String jidOrName, int pid) {
        Prison prison = locked(jidOrName);
        if (prison.exit(pid, Instant.now())) {
            dies(prison, null);
        }
    }

    /** {@code jail -m persist} or {@code nopersist}; a jail that so loses its last user reference dies. */
    @Transactional
    public Prison persist(String jidOrName, boolean persist) {
        Prison prison = locked(jidOrName);
        if (prison.persist(persist, Instant.now())) {
            dies(prison, null);
        }
        return prison;
    }

    /**
     * {@code jail_remove}: the jail and its descendants die, deepest first; a dying jail is left as it is.
     * Returns the jail as it is now.
     */
    @Transactional
    public Prison remove(String jidOrName) {
        Prison prison = locked(jidOrName);
        String operator = actors.current().orElse(null);
        if (prison.state() != PrisonState.DYING) {
            operatorActions.record("jail_remove", "jail " + prison.jid() + " (" + prison.name() + ")");
            removeTree(prison, () -> prison.remove(Instant.now(), operator), operator, null);
        }
        return prison;
    }

    /**
     * Kills the descendants of {@code prison} deepest first, then the jail itself by {@code kill}; then runs, in the
     * same order, what follows each death: {@code prison_cleanup} where every child's has finished (so a child's
     * {@code vnet_shutdown} runs before its parent's), and the freeing of those nothing holds.
     */
    private void removeTree(Prison prison, BooleanSupplier kill, String operator, Envelope cause) {
        Instant now = Instant.now();
        List<Prison> dead = new ArrayList<>();
        for (Prison descendant : prison.descendantsDeepestFirst()) {
            if (descendant.removeWithAncestor(prison.jid(), now, operator)) {
                dead.add(descendant);
            }
        }
        if (kill.getAsBoolean()) {
            dead.add(prison);
        }
        dead.forEach(jail -> dies(jail, cause));
    }

    /**
     * {@code prison_cleanup}: the world learns the jail is dying (its VNET's {@code vnet_shutdown} starts) once its
     * children's have finished; when nothing holds it any more, that its references drained; and its parent loses
     * the user reference the jail held on it.
     */
    private void dies(Prison prison, Envelope cause) {
        cleanup(prison, cause);
        drainedIfUnreferenced(prison, cause);
        prison.parent().filter(parent -> parent.childDied(Instant.now())).ifPresent(parent -> dies(parent, cause));
    }

    /**
     * Publishes that the jail is dying when every child has finished its cleanup; once the jail's own has finished
     * too (its VNET shut down, or none of its own), its parent may go on.
     */
    private void cleanup(Prison prison, Envelope cause) {
        if (prison.startCleanup()) {
            publish(dying(prison), cause);
        }
        if (prison.cleanedUp()) {
            prison.parent().ifPresent(parent -> cleanup(parent, cause));
        }
    }

    /**
     * {@code prison_deref}: a dying jail that nothing holds is freed once its VNET is gone; while the VNET
     * exists, vnet-service learns that the jail no longer holds it, and destroys it once it is shut down.
     */
    private void drainedIfUnreferenced(Prison prison, Envelope cause) {
        if (prison.freeable()) {
            free(prison, cause);
        } else if (prison.drained()) {
            publish(new JailRefsDrained(prison.jid(), prison.vnetId()), cause);
        }
    }

    /**
     * {@code vnet_shutdown} began. When an operator asked it of vnet-service while the jail was alive, the jail
     * dies as {@code jail_remove} would make it (a jail removed first is dying already, and nothing changes).
     */
    @Transactional
    public void vnetShutdownStarted(int jid, Envelope cause) {
        locked(jid).filter(prison -> prison.state() == PrisonState.ALIVE).ifPresent(prison -> removeTree(prison,
                () -> prison.vnetShutDown(Instant.now(), cause.actor()), cause.actor(), cause));
    }

    /** The jail's {@code vnet_shutdown} finished: its parent's may start, once its other children's have. */
    @Transactional
    public void vnetShutdownCompleted(int jid, Envelope cause) {
        locked(jid).ifPresent(prison -> {
            prison.vnetShutdownCompleted();
            cleanup(prison, cause);
        });
    }

    /** After {@code vnet_destroy}, the jail is freed, at once or when its last hold goes. */
    @Transactional
    public void vnetDestroyed(int jid, Envelope cause) {
        locked(jid).ifPresent(prison -> {
            prison.vnetDestroyed();
            cleanup(prison, cause);
            if (prison.freeable()) {
                free(prison, cause);
            }
        });
    }

    /** Freed: its references on its parent go with it, which may let the parent's cleanup go on, or free it. */
    private void free(Prison prison, Envelope cause) {
        prison.free();
        prisons.delete(prison);
        publish(new JailFreed(prison.jid(), prison.name(), prison.vnetId()), cause);
        prison.parent().ifPresent(parent -> {
            parent.childFreed(prison);
            cleanup(parent, cause);
            drainedIfUnreferenced(parent, cause);
        });
    }

    private void publish(dev.jailnet.events.Message event, Envelope cause) {
        outbox.reply(Topics.JAIL_EVENTS, event, cause);
    }

    @Transactional
    public JailHold hold(String jidOrName, String description) {
        Prison prison = locked(jidOrName);
        JailHold hold = prison.hold(prisons.nextValue("hold_seq"), description, Instant.now());
        prisons.flush();
        return hold;
    }

    @Transactional
    public void release(String jidOrName, long holdId) {
        Prison prison = locked(jidOrName);
        prison.release(holdId);
        drainedIfUnreferenced(prison, null);
    }

    /**
     * The last step of the creation saga: the VNET is ALIVE, so is the jail; one that nothing keeps (not
     * persistent, its creating process gone meanwhile) dies at once.
     */
    @Transactional
    public void vnetAlive(int jid, Envelope cause) {
        withPrison(jid, cause, prison -> {
            if (prison.vnetAlive(Instant.now())) {
                outbox.reply(Topics.JAIL_EVENTS, new JailAlive(jid, prison.name(), prison.vnetId()), cause);
                if (prison.state() == PrisonState.DYING) {
                    dies(prison, cause);
                }
            }
        });
    }

    /**
     * The creation saga failed and undid what it had made: a jail being created dies with the reason, and is
     * freed (nothing can hold a jail that never was ALIVE); one removed meanwhile is freed once nothing holds it.
     */
    @Transactional
    public void vnetCreationFailed(int jid, String reason, Envelope cause) {
        withPrison(jid, cause, prison -> {
            if (prison.creationFailed(reason, Instant.now())) {
                prisons.creationFailed(prison.jid(), prison.name(), reason);
                dies(prison, cause);
            } else {
                cleanup(prison, cause);
                if (prison.freeable()) {
                    free(prison, cause);
                }
            }
        });
    }

    private void withPrison(int jid, Envelope cause, java.util.function.Consumer<Prison> action) {
        locked(jid).ifPresentOrElse(action,
                () -> LOG.warnf("%s %s names jail %d, which does not exist", cause.type(), cause.id(), jid));
    }

    private static JailDying dying(Prison prison) {
        return new JailDying(prison.jid(), prison.name(), prison.vnetId(), prison.reason().orElse(null));
    }

    /** {@code lastprid + 1}, wrapping at {@code JAIL_MAX} and skipping jids in use. */
    private int allocateJid() {
        for (int tries = 0; tries < config.maxJid(); tries++) {
            int jid = (int) ((prisons.nextValue("jid_seq") - 1) % config.maxJid()) + 1;
            if (prisons.findByIdOptional(jid).isEmpty()) {
                return jid;
            }
        }
        throw Rejected.conflict("jid", "every jid from 1 to " + config.maxJid() + " is in use");
    }

    private static boolean isJid(String jidOrName) {
        return !jidOrName.isEmpty() && jidOrName.length() <= 9 && jidOrName.chars().allMatch(Character::isDigit);
    }
}
