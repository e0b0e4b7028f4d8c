-- An address and a reference (if_ref) belong to an interface. The foreign keys that said so cascaded a delete row by
-- row, one query per interface, each looking its rows up by index: IFNET_DETACH of a VNET with 10,000 interfaces ran
-- 20,000 of them, right after the same transaction had released the 441,969 references the VNET's nexthops held.
-- Those released rows are still in the index until the transaction ends, so each lookup fetched its ~44 of them one
-- by one to find nothing alive: the delete took 5 to 9 s of the teardown's 10 s bound. The triggers below keep the
-- same rule with the same locks, once per statement:
--   - a statement that writes addresses or references locks the interfaces they name FOR KEY SHARE, as a foreign
--     key's check does, and fails if one is missing; a delete of a locked interface waits for the writer to end;
--   - a statement that deletes interfaces then deletes their addresses and references. In READ COMMITTED each query
--     of a trigger function takes a new snapshot, so it sees the rows of the writers the delete waited for. At a
--     stricter isolation it would not, so interfaces are deleted only under READ COMMITTED.
alter table ifaddr drop constraint ifaddr_if_index_fkey;
alter table ifnet_ref drop constraint ifnet_ref_if_index_fkey;

create function ifnet_named_exists() returns trigger language plpgsql set search_path from current as $$
declare
    named  bigint;
    locked bigint;
begin
    select count(distinct if_index) into named from holders;
    select count(*) into locked
    from (select from ifnet i where i.if_index in (select if_index from holders) for key share of i) held;
    if locked < named then
        raise foreign_key_violation using
            message = format('insert or update on table "%s" names an interface that does not exist', tg_table_name);
    end if;
    return null;
end $$;

create trigger ifaddr_ifnet_exists_on_insert after insert on ifaddr
    referencing new table as holders for each statement execute function ifnet_named_exists();
create trigger ifaddr_ifnet_exists_on_update after update on ifaddr
    referencing new table as holders for each statement execute function ifnet_named_exists();
create trigger ifnet_ref_ifnet_exists_on_insert after insert on ifnet_ref
    referencing new table as holders for each statement execute function ifnet_named_exists();
create trigger ifnet_ref_ifnet_exists_on_update after update on ifnet_ref
    referencing new table as holders for each statement execute function ifnet_named_exists();

-- The gone interfaces are looked up as one array in a bitmap scan of each index, which reads the heap page by page
-- whatever the statistics say (a plan cached while the tables were small would otherwise read them whole, or look
-- each interface up apart).
create function ifnet_gone_with_theirs() returns trigger language plpgsql
    set search_path from current set enable_indexscan = off set enable_indexonlyscan = off set enable_seqscan = off
as $$
begin
    if current_setting('transaction_isolation') <> 'read committed' then
        raise object_not_in_prerequisite_state using
            message = 'interfaces are deleted under READ COMMITTED only: the delete of their addresses and '
                      || 'references must see those committed while it waited';
    end if;
    delete from ifaddr where if_index = any ((select array_agg(if_index) from gone)::integer[]);
    delete from ifnet_ref where if_index = any ((select array_agg(if_index) from gone)::integer[]);
    return null;
end $$;

create trigger ifnet_gone_with_theirs after delete on ifnet
    referencing old table as gone for each statement execute function ifnet_gone_with_theirs();

create function ifnet_index_unchanged() returns trigger language plpgsql as $$
begin
    raise foreign_key_violation using message = 'an interface keeps its index: addresses and references name it';
end $$;

create trigger ifnet_index_unchanged before update of if_index on ifnet
    for each row when (old.if_index is distinct from new.if_index) execute function ifnet_index_unchanged();

create function ifnet_truncated_unreferenced() returns trigger language plpgsql set search_path from current as $$
begin
    if exists (select from ifaddr) or exists (select from ifnet_ref) then
        raise foreign_key_violation using
            message = 'truncate of table "ifnet" leaves rows in table "ifaddr" or "ifnet_ref"';
    end if;
    return null;
end $$;

create trigger ifnet_truncated_unreferenced after truncate on ifnet
    for each statement execute function ifnet_truncated_unreferenced();
