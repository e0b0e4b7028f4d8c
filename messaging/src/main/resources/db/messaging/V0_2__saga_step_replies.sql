-- A participant's reply to each saga step it carried out: a re-sent command gets the same reply again.
create table saga_step_reply (
    saga_id    uuid        not null,
    step       text        not null,
    reply      bytea       not null,
    created_at timestamptz not null default now(),
    primary key (saga_id, step)
);
