-- interface indexes are global and never reused while the interface exists
create sequence if_index_seq;

create table vnet (
    vnet_id     text        primary key,
    state       text        not null,
    attached_at timestamptz not null
);

create table ifnet (
    if_index   integer     primary key,
    name       text        not null,
    kind       text        not null,
    home_vnet  text        not null,
    vnet       text        not null,
    up         boolean     not null,
    running    boolean     not null,
    mtu        integer     not null,
    created_at timestamptz not null,
    version    bigint      not null default 0,
    constraint ifnet_name_per_vnet unique (vnet, name)
);
