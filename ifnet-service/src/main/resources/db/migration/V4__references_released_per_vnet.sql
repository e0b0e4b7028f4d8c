-- The VNET of a reference's holder (the nexthop's VNET), so that vnet_shutdown releases every reference held by
-- a VNET's nexthops in one statement, as routing reports it: a summary, not a list that grows with the VNET.
alter table ifnet_ref add column holder_vnet text;
update ifnet_ref set holder_vnet = substring(holder from '^nhop:([^/]+)/');
alter table ifnet_ref alter column holder_vnet set not null;
create index ifnet_ref_holder_vnet on ifnet_ref (holder_vnet);

-- VNETs whose nexthops vnet_shutdown released all at once: a nexthop announcement of such a VNET that arrives
-- later (it travels on another topic than the saga) takes no reference.
create table nhop_vnet_release (
    vnet_id     text        primary key,
    released_at timestamptz not null default now()
);
