-- The VNET a creation saga makes its VNET from: its commands carry it without reading the VNET's row each time.
alter table saga add column parent_vnet_id text;
update saga set parent_vnet_id = v.parent_vnet_id from vnet v where v.vnet_id = saga.vnet_id;
