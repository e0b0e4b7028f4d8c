-- A saga's steps are kept in its row (a JSON array, in order), so that a transition reads and writes one row
-- instead of the saga, its running step and the next. The JSON is that of SagaStepState's fields; timestamps
-- as ISO-8601 instants in UTC.
alter table saga add column steps jsonb not null default '[]'::jsonb;

update saga set steps = coalesce((
    select jsonb_agg(jsonb_build_object(
               'step', s.step,
               'compensation', s.compensation,
               'status', s.status,
               'attempts', s.attempts,
               'startedAt', to_char(s.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'endedAt', to_char(s.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'deadline', to_char(s.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'lastError', s.last_error,
               'released', coalesce(s.released, '{}'::jsonb),
               'releases', coalesce(s.references_released, '[]'::jsonb),
               'replied', coalesce(s.replied, '[]'::jsonb)) order by s.position)
    from saga_step s where s.saga_id = saga.id), '[]'::jsonb);

drop table saga_step;
