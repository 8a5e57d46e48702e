-- Identity and account lifecycle: one-time links, invitations, session cut-off and an audit chain that survives
-- the erasure of personal data. Runs unchanged on PostgreSQL 15+ and on H2 in PostgreSQL mode.

-- Sessions that proved who the user is before this instant are over (password reset, password change).
alter table users add column sessions_valid_after timestamp with time zone;

-- Single-use links sent by email: verification, password reset, magic link, change of email address.
-- Only the SHA-256 of the link's token is stored; binding_hash is the SHA-256 of the cookie value that ties a magic
-- link to the browser that asked for it; email is the new address of an email change.
create table user_tokens (
    token_hash   varchar(64) primary key,
    purpose      varchar(32) not null,
    user_id      uuid not null references users (id) on delete cascade,
    email        varchar(320),
    binding_hash varchar(64),
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    used_at      timestamp with time zone
);
create index ix_user_tokens_user on user_tokens (user_id);
create index ix_user_tokens_expiry on user_tokens (expires_at);

-- A tenant administrator's invitation of an email address, with the roles the invitee gets on accepting.
create table tenant_invites (
    id               uuid primary key,
    tenant_id        uuid not null references tenants (id) on delete cascade,
    email            varchar(320) not null,
    email_normalized varchar(320) not null,
    roles            varchar(1000) not null,
    token_hash       varchar(64) not null,
    invited_by       uuid references users (id) on delete set null,
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    accepted_at      timestamp with time zone,
    accepted_by      uuid references users (id) on delete set null,
    constraint uq_tenant_invites_token unique (token_hash)
);
create index ix_tenant_invites_email on tenant_invites (email_normalized);

-- Audit chain format 2 (docs/decisions/0006-audit-pseudonymisation.md): the chain hashes personal_digest, a salted
-- SHA-256 of actor_id, target_id and ip_address, instead of those values, so that erasing them keeps the chain whole.
alter table audit_logs add column chain_version integer not null default 1;
alter table audit_logs add column personal_salt varchar(64);
alter table audit_logs add column personal_digest varchar(64);
alter table audit_logs add column erased_at timestamp with time zone;
create index ix_audit_logs_actor on audit_logs (actor_id);
create index ix_audit_logs_target on audit_logs (target_id);
