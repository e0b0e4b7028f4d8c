-- Who removed a jail: the subject of the bearer token of the jail_remove request.
alter table prison add column removed_by text;
