-- vnet_shutdown's steps are named for what they release: the tunnels' route caches, the RIBs' routes.
update saga_step set step = 'TUNNEL_CACHE_RELEASE' where step = 'IFNET_RELEASE_CACHES';
update saga_step set step = 'RIB_FLUSH' where step = 'ROUTING_RELEASE_AND_FLUSH';
