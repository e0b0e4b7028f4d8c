-- An interface's holders are read a few at a time, in the order their references were taken (the first with the
-- interface, the rest a page at a time): an index probe per interface, however many nexthops hold it.
drop index ifnet_ref_if;
create index ifnet_ref_if on ifnet_ref (if_index, id);
