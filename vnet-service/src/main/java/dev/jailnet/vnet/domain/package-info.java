/**
 * The life of a VNET and of the jail that owns it, as vnet-service orchestrates it.
 *
 * <h2>The jail</h2>
 * A jail ({@code struct prison}, owned by jail-service) is INVALID while it is created, ALIVE, then DYING from
 * {@code jail_remove} (or when its last user reference goes) until it is freed. Two counts decide its end:
 * {@code pr_uref} (its processes and {@code persist}) and {@code pr_ref} (those and every hold, e.g. a socket in
 * TIME_WAIT). When a VNET jail becomes DYING ({@code prison_cleanup}), jail-service publishes {@code JailDying};
 * when its {@code pr_ref} reaches 0, {@code JailRefsDrained}; once its VNET is destroyed it is freed.
 *
 * <h2>The VNET</h2>
 * <pre>
 *   CREATING --VNET_CREATE saga--> ALIVE --JailDying--> SHUTTING_DOWN --VNET_SHUTDOWN saga--> SHUT_DOWN
 *      |  a step fails: what was done is undone                        JailRefsDrained and SHUT_DOWN |
 *      v                                                                                             v
 *    FAILED (VnetCreationFailed: the jail dies and is freed)                     DESTROYED (VnetDestroyed)
 * </pre>
 * {@code vnet0} is the host's: ALIVE from the start, never shut down.
 *
 * <h2>The sagas</h2>
 * Each is declared once, as a table, in {@link dev.jailnet.vnet.domain.SagaType}: its steps in order, who carries
 * each out, what a step takes from the steps before it and what it releases for those after it, how a creation
 * step is undone or why a shutdown step may be refused, and what follows the last step.
 * <ul>
 *   <li>{@code VNET_CREATE} ({@code vnet_alloc}): {@code LOIF_INIT} (ifnet: {@code lo0}), {@code RTABLES_INIT}
 *       (routing: the RIBs), {@code IF_VMOVE} (ifnet: the jail's {@code vnet.interface}s). A refused step, or one
 *       that goes unanswered through its attempts, undoes the steps done, in reverse.</li>
 *   <li>{@code VNET_SHUTDOWN} ({@code vnet_shutdown}, the stage that breaks the reference cycle between routing
 *       and interfaces before {@code vnet_destroy}): {@code FREEZE} (both layers take nothing new),
 *       {@code TUNNEL_CACHE_RELEASE} (ifnet: the tunnels drop their cached nexthops and RIB subscriptions),
 *       {@code RIB_FLUSH} (routing: every route and nexthop goes, with the nexthops' interface references),
 *       {@code IFNET_DETACH} (ifnet: those references applied, addresses purged, loans returned home, its own
 *       interfaces destroyed), {@code RTABLES_DESTROY} (routing: the empty RIBs). Forward-only: a refused step is
 *       retried; after its attempts the saga is STUCK and keeps retrying slowly, never undone.</li>
 * </ul>
 * A saga's state, its steps' attempts and deadlines, and the commands it sends commit in one transaction
 * ({@link dev.jailnet.vnet.domain.SagaOrchestrator}); participants never call each other: what a step released
 * travels to the next in the orchestrator's command, summarised ({@code ReleasedReferences}).
 *
 * <h2>The destroy rule</h2>
 * {@code VnetDestroyed} is the promise that no service holds anything of the VNET: it is published only when the
 * VNET is SHUT_DOWN and its jail's {@code pr_ref} is 0 ({@link dev.jailnet.vnet.domain.Vnet#destroyable()}). The
 * legacy teardown, kept for comparison, publishes it at once, and each layer tears down on its own in
 * {@code vnet_sysuninit} order: the reference faults it meets are recorded, which is why the saga exists.
 */
package dev.jailnet.vnet.domain;
