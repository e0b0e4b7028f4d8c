-- Read-your-writes: an address whose routes routing has added (its RTM_NEWADDR came back), and a tunnel whose
-- current endpoints routing has answered, so that a request may wait for either. What exists already is taken as
-- answered: it was made before anyone could wait for it.
alter table ifaddr add column routed boolean not null default true;
alter table ifaddr alter column routed set default false;
alter table ifnet add column tunnel_resolved boolean not null default false;
update ifnet set tunnel_resolved = true where tunnel_destination is not null;
