-- The W3C trace context (traceparent) of the span that wrote a message: the relay sends it in the record's
-- headers, so that the handling of the message continues the trace of what caused it.
alter table outbox add column trace_parent text;
alter table outbox_parked add column trace_parent text;
