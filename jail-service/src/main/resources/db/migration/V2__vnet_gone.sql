-- The jail's VNET no longer exists (destroyed, or its creation undone): once nothing holds the jail, it is freed.
alter table prison add column vnet_gone boolean not null default false;
