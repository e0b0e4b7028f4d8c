-- The VNET a VNET was made from (its jail's parent's), as vnet-service names it in every saga command: an interface
-- is loaned only into a VNET below the caller's, and reclaimed only from one. Every VNET made before this was a child
-- of the host's; vnet0, the root, has none.
alter table vnet add column parent_vnet_id text;
update vnet set parent_vnet_id = 'vnet0' where vnet_id <> 'vnet0';
alter table vnet add constraint vnet_parent check ((vnet_id = 'vnet0') = (parent_vnet_id is null));
