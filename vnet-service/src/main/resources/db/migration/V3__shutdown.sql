alter table vnet add column shutdown_at timestamptz;
alter table vnet add column jail_dying boolean not null default false;
alter table vnet add column refs_drained boolean not null default false;
alter table saga_step add column references_released jsonb;
alter table saga_step add column replied jsonb;
