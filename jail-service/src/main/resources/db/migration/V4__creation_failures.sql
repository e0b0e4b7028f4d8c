-- Why a jail's VNET could not be made: the jail is freed at once (nothing can hold a jail that never lived), and
-- this is what a request waiting for its creation answers with. Kept as long as what is over
-- (jailnet.messaging.retention.finished); one row per jid, the latest.
create table creation_failure (
    jid       integer     primary key,
    name      text        not null,
    reason    text        not null,
    failed_at timestamptz not null default now()
);
