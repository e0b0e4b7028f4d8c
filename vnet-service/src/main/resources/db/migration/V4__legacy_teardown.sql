-- a VNET torn down the old way, without vnet_shutdown (comparison mode)
alter table vnet add column legacy boolean not null default false;
