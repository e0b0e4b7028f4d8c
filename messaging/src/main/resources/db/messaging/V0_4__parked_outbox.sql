-- Outbox messages Kafka refused for good (too large, an unknown topic, no permission): taken out of the flow
-- with the reason, so that the others go on; an operator can send one again (POST /api/outbox/parked/{id}/requeue).
create table outbox_parked (
    id          bigint      primary key,
    message_id  uuid        not null,
    topic       text        not null,
    record_key  text        not null,
    type        text        not null,
    envelope    bytea       not null,
    created_at  timestamptz not null,
    parked_at   timestamptz not null default now(),
    reason      text        not null
);
