-- Foundation: tenants, the tenant-isolation helpers every tenant table uses, and teams.

-- The tenant of the current transaction, set by the API with set_config('app.tenant_id', ..., true).
-- After a transaction-local setting ends, current_setting returns '' rather than NULL, hence NULLIF:
-- with no tenant set, every policy compares with NULL and no row is visible or writable.
create function current_tenant_id() returns uuid
    language sql stable parallel safe
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Enables and forces row-level security on a tenant table, adds the one isolation policy, and grants the
-- application role plain DML on it. Every tenant table is created followed by a call to this.
create function enable_tenant_isolation(target regclass) returns void
    language plpgsql
    as $$
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format(
        'create policy tenant_isolation on %s using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
        target);
    execute format('grant select, insert, update, delete on %s to saas_application', target);
end
$$;

grant select on schema_migrations to saas_application;

-- A platform table: one row per company. It is not a tenant table (no tenant_id); partner and platform
-- endpoints read it by explicit id.
create table tenants (
    id          uuid        primary key,
    slug        text        not null unique,
    name        text        not null,
    currency    char(3)     not null,
    time_zone   text        not null,
    locale      text        not null,
    status      text        not null default 'active' check (status in ('active', 'suspended')),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
grant select, insert, update on tenants to saas_application;

create table teams (
    tenant_id   uuid        not null references tenants (id),
    id          uuid        not null,
    name        text        not null,
    department  text        not null,
    version     integer     not null default 1,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id)
);
create unique index teams_name_unique on teams (tenant_id, lower(name));
select enable_tenant_isolation('teams');
