-- the interfaces a creation saga loans into its VNET (vnet.interface)
alter table saga add column interfaces jsonb not null default '[]';
