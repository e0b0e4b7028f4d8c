-- The transactional outbox: written in the same transaction as the state change, published by the relay.
create table outbox (
    id          bigserial   primary key,
    message_id  uuid        not null,
    topic       text        not null,
    record_key  text        not null,
    type        text        not null,
    envelope    bytea       not null,
    created_at  timestamptz not null default now()
);

-- The inbox: the ids of the messages each consumer has processed, written with the effect.
create table inbox (
    consumer     text        not null,
    message_id   uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);
create index inbox_processed_at on inbox (processed_at);
