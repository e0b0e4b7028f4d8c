-- A saga's steps are inserted in one batch: their ids come 50 at a time from the identity's sequence
-- (Hibernate's pooled optimizer), and each carries its position in the insert.
alter table saga_step alter column id set increment by 50;
