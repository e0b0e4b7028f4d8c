-- A link-local address (fe80::/64) is kept on its link, the interface's index embedded in the three groups after
-- fe80 (LinkScope, as the kernel's in6_setscope keeps it), so that the same address on two interfaces is two. Those
-- written before carry no index: each address is put on the link of the interface it is on, and a tunnel's cached
-- gateway on the link its route leaves by. host() writes an address as IpAddress does (the longest run of two or
-- more zero groups as '::'), so the text compares equal to what the services write.
update ifaddr
   set address = host(address::inet | format('0:%s:%s:%s::', to_hex((if_index::bigint >> 32) & 65535),
                                             to_hex((if_index::bigint >> 16) & 65535),
                                             to_hex(if_index::bigint & 65535))::inet)
 where family = 'INET6' and address::inet << 'fe80::/64'::inet;

update ifnet tunnel
   set cached_gateway = host(tunnel.cached_gateway::inet
                             | format('0:%s:%s:%s::', to_hex((egress.if_index::bigint >> 32) & 65535),
                                      to_hex((egress.if_index::bigint >> 16) & 65535),
                                      to_hex(egress.if_index::bigint & 65535))::inet)
  from ifnet egress
 where egress.vnet = tunnel.vnet and egress.name = tunnel.cached_egress
   and tunnel.cached_gateway like '%:%' and tunnel.cached_gateway::inet << 'fe80::/64'::inet;
