-- BengoBox Auth foundation schema. Runs unchanged on PostgreSQL 15+ and on H2 in PostgreSQL mode:
-- JSON documents are kept as varchar (no jsonb), identifiers are uuid, times are timestamp with time zone.

-- identity -----------------------------------------------------------------
create table users (
    id                  uuid primary key,
    username            varchar(64)  not null,
    username_normalized varchar(64)  not null,
    email               varchar(320),
    email_normalized    varchar(320),
    email_verified      boolean      not null default false,
    password_hash       varchar(512),
    status              varchar(16)  not null default 'active',
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    last_login_at       timestamp with time zone,
    version             integer      not null default 0,
    constraint uq_users_username unique (username_normalized),
    constraint uq_users_email unique (email_normalized)
);

create table user_profiles (
    user_id        uuid primary key references users (id) on delete cascade,
    given_name     varchar(128),
    family_name    varchar(128),
    display_name   varchar(256),
    phone_number   varchar(32),
    phone_verified boolean not null default false,
    locale         varchar(16),
    zoneinfo       varchar(64),
    picture_url    varchar(2048),
    updated_at     timestamp with time zone not null
);

create table user_identities (
    id         uuid primary key,
    user_id    uuid not null references users (id) on delete cascade,
    provider   varchar(64)  not null,
    subject    varchar(255) not null,
    email      varchar(320),
    created_at timestamp with time zone not null,
    constraint uq_user_identities unique (provider, subject)
);

create table user_devices (
    id               uuid primary key,
    user_id          uuid not null references users (id) on delete cascade,
    name             varchar(128),
    user_agent       varchar(512),
    fingerprint_hash varchar(128),
    trusted          boolean not null default false,
    first_seen_at    timestamp with time zone not null,
    last_seen_at     timestamp with time zone not null
);
create index ix_user_devices_user on user_devices (user_id);

-- tenancy ------------------------------------------------------------------
create table tenants (
    id         uuid primary key,
    slug       varchar(63)  not null,
    name       varchar(200) not null,
    status     varchar(16)  not null default 'active',
    settings   varchar(16000) not null default '{}',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    version    integer not null default 0,
    constraint uq_tenants_slug unique (slug)
);

create table outlets (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id) on delete cascade,
    slug        varchar(63)  not null,
    name        varchar(200) not null,
    address_line1 varchar(200),
    address_line2 varchar(200),
    city        varchar(100),
    region      varchar(100),
    postal_code varchar(20),
    country     varchar(2),
    metadata    varchar(16000) not null default '{}',
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    version     integer not null default 0,
    constraint uq_outlets_slug unique (tenant_id, slug)
);

create table tenant_memberships (
    id         uuid primary key,
    tenant_id  uuid not null references tenants (id) on delete cascade,
    user_id    uuid not null references users (id) on delete cascade,
    status     varchar(16) not null default 'active',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint uq_tenant_memberships unique (tenant_id, user_id)
);
create index ix_tenant_memberships_user on tenant_memberships (user_id);

create table tenant_roles (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id) on delete cascade,
    name        varchar(64) not null,
    description varchar(500),
    created_at  timestamp with time zone not null,
    constraint uq_tenant_roles unique (tenant_id, name)
);

create table user_groups (
    id         uuid primary key,
    tenant_id  uuid references tenants (id) on delete cascade,
    name       varchar(128) not null,
    created_at timestamp with time zone not null
);

create table user_group_members (
    group_id uuid not null references user_groups (id) on delete cascade,
    user_id  uuid not null references users (id) on delete cascade,
    primary key (group_id, user_id)
);

-- A role granted to a user or a group inside one tenant, optionally limited to one outlet.
create table role_bindings (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id) on delete cascade,
    role_id      uuid not null references tenant_roles (id) on delete cascade,
    subject_type varchar(8) not null,
    subject_id   uuid not null,
    outlet_id    uuid references outlets (id) on delete cascade,
    created_at   timestamp with time zone not null
);
create index ix_role_bindings_subject on role_bindings (subject_id);

-- oauth clients ------------------------------------------------------------
create table oauth_clients (
    id                         uuid primary key,
    client_id                  varchar(100) not null,
    client_name                varchar(200) not null,
    client_secret_hash         varchar(200),
    client_secret_expires_at   timestamp with time zone,
    tenant_id                  uuid references tenants (id),
    auth_methods               varchar(200) not null,
    grant_types                varchar(500) not null,
    require_consent            boolean not null default true,
    require_pkce               boolean not null default true,
    access_token_format        varchar(16) not null default 'jwt',
    access_token_alg           varchar(16) not null default 'RS256',
    id_token_alg               varchar(16) not null default 'RS256',
    jwks_uri                   varchar(2048),
    introspection_permitted    boolean not null default false,
    access_token_ttl_seconds   integer,
    refresh_token_ttl_seconds  integer,
    status                     varchar(16) not null default 'active',
    created_at                 timestamp with time zone not null,
    updated_at                 timestamp with time zone not null,
    version                    integer not null default 0,
    constraint uq_oauth_clients_client_id unique (client_id)
);

create table oauth_client_redirect_uris (
    client_id uuid not null references oauth_clients (id) on delete cascade,
    kind      varchar(16) not null,
    uri       varchar(2048) not null,
    primary key (client_id, kind, uri)
);

create table oauth_client_scopes (
    client_id uuid not null references oauth_clients (id) on delete cascade,
    scope     varchar(128) not null,
    primary key (client_id, scope)
);

-- authorizations, consents, sessions, refresh-token families ---------------
-- Every token value is stored only as its SHA-256 hash (hex).
create table oauth_authorizations (
    id                       varchar(100) primary key,
    registered_client_id     varchar(100) not null,
    principal_name           varchar(200) not null,
    grant_type               varchar(100) not null,
    scopes                   varchar(1000),
    attributes               varchar(64000),
    state_hash               varchar(64),
    code_hash                varchar(64),
    code_issued_at           timestamp with time zone,
    code_expires_at          timestamp with time zone,
    code_metadata            varchar(4000),
    access_token_hash        varchar(64),
    access_token_jti         varchar(100),
    access_token_type        varchar(32),
    access_token_scopes      varchar(1000),
    access_token_issued_at   timestamp with time zone,
    access_token_expires_at  timestamp with time zone,
    access_token_metadata    varchar(16000),
    oidc_id_token_hash       varchar(64),
    oidc_id_token_issued_at  timestamp with time zone,
    oidc_id_token_expires_at timestamp with time zone,
    oidc_id_token_metadata   varchar(16000),
    refresh_token_hash       varchar(64),
    refresh_token_issued_at  timestamp with time zone,
    refresh_token_expires_at timestamp with time zone,
    refresh_token_metadata   varchar(4000),
    user_code_hash           varchar(64),
    user_code_issued_at      timestamp with time zone,
    user_code_expires_at     timestamp with time zone,
    user_code_metadata       varchar(4000),
    device_code_hash         varchar(64),
    device_code_issued_at    timestamp with time zone,
    device_code_expires_at   timestamp with time zone,
    device_code_metadata     varchar(4000),
    session_id               varchar(100),
    expires_at               timestamp with time zone not null,
    created_at               timestamp with time zone not null
);
create index ix_oauth_authorizations_state on oauth_authorizations (state_hash);
create index ix_oauth_authorizations_code on oauth_authorizations (code_hash);
create index ix_oauth_authorizations_access on oauth_authorizations (access_token_hash);
create index ix_oauth_authorizations_refresh on oauth_authorizations (refresh_token_hash);
create index ix_oauth_authorizations_user_code on oauth_authorizations (user_code_hash);
create index ix_oauth_authorizations_device_code on oauth_authorizations (device_code_hash);
create index ix_oauth_authorizations_session on oauth_authorizations (session_id);
create index ix_oauth_authorizations_expiry on oauth_authorizations (expires_at);

create table oauth_consents (
    registered_client_id varchar(100) not null,
    principal_name       varchar(200) not null,
    authorities          varchar(1000) not null,
    granted_at           timestamp with time zone not null,
    primary key (registered_client_id, principal_name)
);

create table sessions (
    id           varchar(100) primary key,
    user_id      uuid not null references users (id) on delete cascade,
    tenant_id    uuid,
    auth_time    timestamp with time zone not null,
    amr          varchar(200),
    acr          varchar(100),
    ip_address   varchar(64),
    user_agent   varchar(512),
    created_at   timestamp with time zone not null,
    last_seen_at timestamp with time zone not null,
    ended_at     timestamp with time zone
);
create index ix_sessions_user on sessions (user_id);

-- One family per refresh-token lineage: every rotated token keeps its hash here so that a replay
-- of an old token is recognised as reuse and revokes the whole family.
create table refresh_token_families (
    id               varchar(100) primary key,
    authorization_id varchar(100) not null,
    client_id        varchar(100) not null,
    principal_name   varchar(200) not null,
    session_id       varchar(100),
    created_at       timestamp with time zone not null,
    revoked_at       timestamp with time zone,
    revoke_reason    varchar(64)
);
create index ix_refresh_families_authorization on refresh_token_families (authorization_id);

create table refresh_tokens (
    token_hash varchar(64) primary key,
    family_id  varchar(100) not null references refresh_token_families (id) on delete cascade,
    status     varchar(16) not null,
    issued_at  timestamp with time zone not null,
    expires_at timestamp with time zone not null
);
create index ix_refresh_tokens_family on refresh_tokens (family_id);

-- Revoked JWT access tokens by jti, kept until the token would have expired.
create table token_revocations (
    jti        varchar(100) primary key,
    expires_at timestamp with time zone not null,
    revoked_at timestamp with time zone not null,
    client_id  varchar(100),
    reason     varchar(64)
);
create index ix_token_revocations_expiry on token_revocations (expires_at);

create table login_attempts (
    id                  bigint generated by default as identity primary key,
    username_normalized varchar(320),
    user_id             uuid,
    ip_address          varchar(64),
    success             boolean not null,
    reason              varchar(64),
    occurred_at         timestamp with time zone not null
);
create index ix_login_attempts_user on login_attempts (username_normalized, occurred_at);

-- audit ----------------------------------------------------------------------
-- Append-only; each entry carries the hash of the previous one so that tampering is detectable.
create table audit_logs (
    id          bigint generated by default as identity primary key,
    occurred_at timestamp with time zone not null,
    actor_type  varchar(16) not null,
    actor_id    varchar(100),
    tenant_id   uuid,
    action      varchar(100) not null,
    target_type varchar(32),
    target_id   varchar(100),
    ip_address  varchar(64),
    details     varchar(8000) not null default '{}',
    prev_hash   varchar(64),
    entry_hash  varchar(64) not null
);
create index ix_audit_logs_time on audit_logs (occurred_at);

create table security_events (
    id          bigint generated by default as identity primary key,
    occurred_at timestamp with time zone not null,
    user_id     uuid,
    tenant_id   uuid,
    event_type  varchar(64) not null,
    severity    varchar(16) not null,
    details     varchar(8000) not null default '{}'
);

-- signing keys ---------------------------------------------------------------
-- Private keys are encrypted at rest (AES-256-GCM with the master key); public keys are stored as JWK JSON.
create table signing_keys (
    kid                 varchar(64) primary key,
    algorithm           varchar(16) not null,
    status              varchar(16) not null,
    public_jwk          varchar(8000) not null,
    private_key_enc     varchar(8000) not null,
    created_at          timestamp with time zone not null,
    retired_at          timestamp with time zone,
    verify_until        timestamp with time zone
);
