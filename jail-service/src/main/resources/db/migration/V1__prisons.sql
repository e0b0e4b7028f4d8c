create sequence jid_seq;
create sequence pid_seq start with 1000;
create sequence hold_seq;
-- VNET ids are never reused: vnet1, vnet2, ... (vnet0 is the host's)
create sequence vnet_seq;

create table prison (
    jid        integer     primary key,
    name       text        not null,
    state      text        not null,
    vnet       boolean     not null,
    vnet_id    text        not null,
    persist    boolean     not null,
    created_at timestamptz not null,
    dying_at   timestamptz,
    reason     text,
    version    bigint      not null default 0
);
-- a name is unique among live jails; a dying jail keeps its name and a new jail may take it
create unique index prison_live_name on prison (name) where state <> 'DYING';

create table jail_process (
    pid        integer     primary key,
    jid        integer     not null references prison on delete cascade,
    started_at timestamptz not null
);
create index jail_process_jid on jail_process (jid);

create table jail_hold (
    id          bigint      primary key,
    jid         integer     not null references prison on delete cascade,
    description text        not null,
    created_at  timestamptz not null
);
create index jail_hold_jid on jail_hold (jid);
