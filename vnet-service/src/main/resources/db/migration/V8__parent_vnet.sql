-- The VNET a jail's own VNET was made from: its parent jail's (vnet0 for a child of the host).
alter table vnet add column parent_vnet_id text;
update vnet set parent_vnet_id = 'vnet0' where vnet_id <> 'vnet0';
