-- Every node caches tenants (read on every token: tenant claims, suspension checks). A change to one moves this
-- counter on in the same transaction; every node reads it twice a second and drops its cached tenants when it moved,
-- so a suspension made through one node holds on all of them within a second (the 5 s lifetime of a cached tenant
-- remains the bound for anything that slips past).
create table tenant_registry_version (
    id      integer primary key,
    version bigint not null
);
insert into tenant_registry_version (id, version) values (1, 0);
