-- A link-local address (fe80::/64) is kept on its link, the interface's index embedded in the three groups after
-- fe80 (LinkScope, as the kernel's in6_setscope keeps it), so that fe80::/64 on two interfaces is two networks.
-- Those written before carry no index: a nexthop's link-local gateway is put on the link the nexthop leaves by, an
-- address's route on its address's interface, a static route on its nexthop's. host() writes an address as
-- IpAddress does (the longest run of two or more zero groups as '::'), so the text compares equal to the services'.
update nhop
   set gateway = host(gateway::inet | format('0:%s:%s:%s::', to_hex((if_index::bigint >> 32) & 65535),
                                             to_hex((if_index::bigint >> 16) & 65535),
                                             to_hex(if_index::bigint & 65535))::inet)
 where family = 'INET6' and gateway is not null and gateway::inet << 'fe80::/64'::inet;

update route r
   set destination = set_masklen(r.destination::inet
                                 | format('0:%s:%s:%s::', to_hex((link.if_index::bigint >> 32) & 65535),
                                          to_hex((link.if_index::bigint >> 16) & 65535),
                                          to_hex(link.if_index::bigint & 65535))::inet,
                                 masklen(r.destination))::cidr
  from (select r2.id, coalesce(r2.origin_if_index, n.if_index) as if_index
          from route r2 join nhop n on n.id = r2.nhop_id) link
 where link.id = r.id and r.family = 'INET6' and masklen(r.destination) >= 64
   and r.destination <<= 'fe80::/64'::cidr;
