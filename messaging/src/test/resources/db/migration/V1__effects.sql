-- what the test handler does with a message: one row per application of it
create table effect (
    message_id uuid not null,
    jid        int  not null
);
