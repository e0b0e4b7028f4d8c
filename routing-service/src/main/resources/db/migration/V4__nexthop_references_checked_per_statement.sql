-- A route and a tunnel's subscription hold a nexthop (nh_ref). The foreign keys that said so were checked row by
-- row, each check a query of its own: RIB_FLUSH of a 1,000,000-route VNET frees 110,001 nexthops and ran 220,002
-- of them, 5 to 6 s of a teardown whose bound is 10 s. The triggers below keep the same rule with the same locks,
-- checked once per statement:
--   - a statement that writes references locks the nexthops they name FOR KEY SHARE, as a foreign key's check
--     does, and fails if one is missing; a delete of a locked nexthop waits for the writer to end;
--   - a statement that deletes nexthops looks, after its delete, for references to them. In READ COMMITTED each
--     query of a trigger function takes a new snapshot, so it sees the references of the writers the delete waited
--     for. At a stricter isolation it would not, so nexthops are deleted only under READ COMMITTED.
alter table route drop constraint route_nhop_id_fkey;
alter table rib_subscription drop constraint rib_subscription_held_nhop_id_fkey;

create function nhop_held_exists() returns trigger language plpgsql set search_path from current as $$
declare
    named  bigint;
    locked bigint;
begin
    if tg_table_name = 'route' then
        select count(distinct nhop_id) into named from holders;
        select count(*) into locked
        from (select from nhop n where n.id in (select nhop_id from holders) for key share of n) held;
    else
        select count(distinct held_nhop_id) into named from holders;
        select count(*) into locked
        from (select from nhop n where n.id in (select held_nhop_id from holders) for key share of n) held;
    end if;
    if locked < named then
        raise foreign_key_violation using
            message = format('insert or update on table "%s" names a nexthop that does not exist', tg_table_name);
    end if;
    return null;
end $$;

create trigger route_nhop_exists_on_insert after insert on route
    referencing new table as holders for each statement execute function nhop_held_exists();
create trigger route_nhop_exists_on_update after update on route
    referencing new table as holders for each statement execute function nhop_held_exists();
create trigger subscription_nhop_exists_on_insert after insert on rib_subscription
    referencing new table as holders for each statement execute function nhop_held_exists();
create trigger subscription_nhop_exists_on_update after update on rib_subscription
    referencing new table as holders for each statement execute function nhop_held_exists();

-- The freed ids are looked up as one array in a bitmap scan of route_nhop, which reads the heap page by page. A
-- lookup per id (a nested loop, or an index scan of the array) fetches each index entry's row: right after a flush
-- those are the million routes the same transaction deleted, fetched one by one (2.7 s against 0.15 s).
create function nhop_freed_unreferenced() returns trigger language plpgsql
    set search_path from current set enable_indexscan = off set enable_indexonlyscan = off as $$
begin
    if current_setting('transaction_isolation') <> 'read committed' then
        raise object_not_in_prerequisite_state using
            message = 'nexthops are deleted under READ COMMITTED only: the check of their references must see '
                      || 'the references committed while the delete waited';
    end if;
    if exists (select from route r where r.nhop_id = any ((select array_agg(id) from freed)::bigint[]))
            or exists (select from rib_subscription s
                       where s.held_nhop_id = any ((select array_agg(id) from freed)::bigint[])) then
        raise foreign_key_violation using
            message = 'delete on table "nhop" frees a nexthop still referenced from table "route" or "rib_subscription"';
    end if;
    return null;
end $$;

create trigger nhop_freed_unreferenced after delete on nhop
    referencing old table as freed for each statement execute function nhop_freed_unreferenced();

create function nhop_id_unchanged() returns trigger language plpgsql as $$
begin
    raise foreign_key_violation using message = 'a nexthop keeps its id: routes and subscriptions name it';
end $$;

create trigger nhop_id_unchanged before update of id on nhop
    for each row when (old.id is distinct from new.id) execute function nhop_id_unchanged();

create function nhop_truncated_unreferenced() returns trigger language plpgsql set search_path from current as $$
begin
    if exists (select from route) or exists (select from rib_subscription where held_nhop_id is not null) then
        raise foreign_key_violation using
            message = 'truncate of table "nhop" leaves references in table "route" or "rib_subscription"';
    end if;
    return null;
end $$;

create trigger nhop_truncated_unreferenced after truncate on nhop
    for each statement execute function nhop_truncated_unreferenced();
