-- Jails nest. A child names its parent, which is not freed while the child exists (the child holds a reference on
-- it), so the reference never dangles.
alter table prison add column parent_jid integer references prison (jid);
create index prison_parent on prison (parent_jid);
-- children.max: how many descendants the jail may have (0, as in FreeBSD, until raised)
alter table prison add column children_max integer not null default 0 check (children_max >= 0);
-- prison_cleanup ran (JailDying published): a dying jail's waits while a descendant's vnet_shutdown runs
alter table prison add column cleanup_started boolean not null default false;
update prison set cleanup_started = true where state = 'DYING';
-- its own VNET finished vnet_shutdown (or is gone): its parent's may start
alter table prison add column vnet_shut_down boolean not null default false;
update prison set vnet_shut_down = true where vnet_gone;
