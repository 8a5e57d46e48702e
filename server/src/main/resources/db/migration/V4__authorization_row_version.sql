-- Every save of an authorization read earlier names the version it read and moves it on, so that two token requests
-- racing on one authorization code or refresh token (on one node or two) cannot both succeed, and a save cannot bring
-- back an authorization revoked meanwhile. Runs unchanged on PostgreSQL 15+ and on H2 in PostgreSQL mode.
alter table oauth_authorizations add column row_version bigint default 0 not null;
