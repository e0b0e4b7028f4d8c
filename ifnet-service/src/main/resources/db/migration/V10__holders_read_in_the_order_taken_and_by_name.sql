-- An interface's holders are read a few at a time, in the order their references were taken (the first with the
-- interface, the rest a page at a time): an index probe per interface, however many nexthops hold it.
drop index ifnet_ref_if;
create index ifnet_ref_if on ifnet_ref (if_index, id);
-- A nexthop's reference is released by its holder's name, one statement that finds the one row whatever the
-- interface holds besides: releasing each of an interface's 100,000 nexthops read all its references before.
create index ifnet_ref_holder on ifnet_ref (holder);
