-- Who caused a saga (the subject of the token behind the request that started it) and who last retried it.
alter table saga add column requested_by text;
alter table saga add column retried_by text;
alter table saga add column retried_at timestamptz;
