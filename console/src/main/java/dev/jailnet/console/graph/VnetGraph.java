package dev.jailnet.console.graph;

import dev.jailnet.console.upstream.IfnetApi.Interface;
import dev.jailnet.console.upstream.JailApi.Jail;
import dev.jailnet.console.upstream.RoutingApi.Nexthop;
import dev.jailnet.console.upstream.RoutingApi.Rib;
import dev.jailnet.console.upstream.RoutingApi.Route;
import dev.jailnet.console.upstream.RoutingApi.Subscription;
import dev.jailnet.console.upstream.VnetApi.Saga;
import dev.jailnet.console.upstream.VnetApi.Vnet;
import java.util.List;

/**
 * A VNET and everything that refers across its cycle, gathered from the four services at one moment: its jail
 * (absent once freed), its sagas' timelines, its RIBs, the interfaces in it (tombstones too), its nexthops with
 * their holders, its routes and its tunnels' subscriptions.
 *
 * @param truncated the kinds of which there were more than the console draws ({@code routes}, ...)
 */
public record VnetGraph(Vnet vnet, Jail jail, List<Saga> sagas, List<Rib> ribs, List<Interface> interfaces,
                        List<Nexthop> nexthops, List<Route> routes, List<Subscription> subscriptions,
                        List<String> truncated) {

    /** The same lists, with the VNET as it was read later. */
    public VnetGraph withVnet(Vnet later) {
        return new VnetGraph(later, jail, sagas, ribs, interfaces, nexthops, routes, subscriptions, truncated);
    }
}
