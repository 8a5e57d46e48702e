-- Every node caches client registrations. A change to them (the import, on whichever node starts with it) moves this
-- counter on in the same transaction, and every node reads it twice a second and drops its cached registrations when
-- it moved: a new secret, a removed redirect URI or a disabled client holds on every node within a second.
create table oauth_client_registry_version (
    id      integer primary key,
    version bigint not null
);
insert into oauth_client_registry_version (id, version) values (1, 0);
