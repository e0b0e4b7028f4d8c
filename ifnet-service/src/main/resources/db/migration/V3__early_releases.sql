-- releases that arrived before the reference they release (see IfnetRefRelease)
create table ifnet_ref_release (
    holder      text        primary key,
    if_index    integer     not null,
    released_at timestamptz not null
);
