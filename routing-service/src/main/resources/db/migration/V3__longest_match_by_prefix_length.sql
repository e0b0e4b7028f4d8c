-- A longest-prefix match probes route_per_rib (VNET, FIB, destination) once per prefix length; the GiST index of
-- every VNET's prefixes is no longer read, and no route insert pays for it.
drop index route_lookup;
