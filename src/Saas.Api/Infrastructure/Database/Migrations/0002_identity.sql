-- Identity and access: the token service's clients and keys, tenant users, sessions and tokens, API keys,
-- tenant settings.

-- Tenant tables whose rows must be found before the tenant is known (a login by e-mail, a request with an API
-- key) keep row-level security enabled but not forced: the table owner, and so the narrow SECURITY DEFINER
-- look-ups below (owned by it), can find the tenant; the application role stays confined to one tenant.
create or replace function enable_tenant_isolation(target regclass, force boolean default true) returns void
    language plpgsql
    as $$
begin
    execute format('alter table %s enable row level security', target);
    if force then
        execute format('alter table %s force row level security', target);
    end if;
    execute format(
        'create policy tenant_isolation on %s using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
        target);
    execute format('grant select, insert, update, delete on %s to saas_application', target);
end
$$;
drop function enable_tenant_isolation(regclass);

-- Data Protection's key ring, shared by every instance (antiforgery tokens, protected signing keys).
create table data_protection_keys (
    id            bigint generated always as identity primary key,
    friendly_name text        not null,
    xml           text        not null,
    created_at    timestamptz not null default now()
);
grant select, insert on data_protection_keys to saas_application;

-- Token signing keys. A key is published (JWKS) from created_at, signs from signs_from until retires_at, and
-- stays published until expires_at, when no token it signed can still be valid.
create table signing_keys (
    kid          text        primary key,
    algorithm    text        not null,
    private_key  text        not null, -- PKCS#8, protected with Data Protection
    public_jwk   jsonb       not null,
    created_at   timestamptz not null,
    signs_from   timestamptz not null,
    retires_at   timestamptz not null,
    expires_at   timestamptz not null
);
grant select, insert on signing_keys to saas_application;

-- OAuth clients: partners and machine clients (confidential, client_credentials) and frontends (public,
-- authorization code with PKCE). A frontend belongs to the partner that registered it, and only users of that
-- partner's tenants sign in through it.
create table oauth_clients (
    client_id          text        primary key,
    name               text        not null,
    kind               text        not null check (kind in ('confidential', 'public')),
    secret_hash        text,
    scopes             text[]      not null,
    redirect_uris      text[]      not null default '{}',
    partner_client_id  text        references oauth_clients (client_id),
    status             text        not null default 'active' check (status in ('active', 'disabled')),
    created_at         timestamptz not null default now(),
    check ((kind = 'confidential') = (secret_hash is not null))
);
grant select, insert, update on oauth_clients to saas_application;

alter table tenants add column partner_client_id text references oauth_clients (client_id);
create index tenants_partner on tenants (partner_client_id, id);

-- Failed sign-ins per e-mail (hashed), kept whether or not the e-mail belongs to a user, so that lockout
-- behaves the same for an unknown address and cannot reveal which ones exist.
create table login_throttle (
    email_hash    bytea       primary key,
    failures      integer     not null default 0,
    locked_until  timestamptz,
    updated_at    timestamptz not null default now()
);
grant select, insert, update, delete on login_throttle to saas_application;

create table tenant_settings (
    tenant_id   uuid        primary key references tenants (id),
    settings    jsonb       not null,
    version     integer     not null default 1,
    updated_at  timestamptz not null default now()
);
select enable_tenant_isolation('tenant_settings');

-- A user's e-mail is unique across the platform: the sign-in form asks only for e-mail and password.
create table users (
    tenant_id               uuid        not null references tenants (id),
    id                      uuid        not null,
    email                   text        not null,
    full_name               text        not null,
    role                    text        not null check (role in ('admin', 'manager', 'employee')),
    employee_id             uuid,
    status                  text        not null default 'invited' check (status in ('invited', 'active', 'deactivated')),
    password_hash           text,
    activation_token_hash   bytea,
    activation_expires_at   timestamptz,
    version                 integer     not null default 1,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    primary key (tenant_id, id)
);
create unique index users_email_unique on users (lower(email));
create unique index users_activation on users (tenant_id, activation_token_hash) where activation_token_hash is not null;
select enable_tenant_isolation('users', force => false);

-- One sign-in of a user through one client: the family of the refresh tokens and access tokens (sid) it issued.
-- Revoking it ends them all.
create table sessions (
    tenant_id       uuid        not null references tenants (id),
    id              uuid        not null,
    user_id         uuid        not null,
    client_id       text        not null references oauth_clients (client_id),
    scopes          text[]      not null,
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz,
    revoked_reason  text,
    primary key (tenant_id, id),
    foreign key (tenant_id, user_id) references users (tenant_id, id)
);
select enable_tenant_isolation('sessions');

create table authorization_codes (
    tenant_id       uuid        not null references tenants (id),
    code_hash       bytea       not null,
    client_id       text        not null references oauth_clients (client_id),
    user_id         uuid        not null,
    redirect_uri    text        not null,
    code_challenge  text        not null,
    scopes          text[]      not null,
    nonce           text,
    expires_at      timestamptz not null,
    consumed_at     timestamptz,
    session_id      uuid,
    primary key (tenant_id, code_hash),
    foreign key (tenant_id, user_id) references users (tenant_id, id)
);
select enable_tenant_isolation('authorization_codes');

create table refresh_tokens (
    tenant_id    uuid        not null references tenants (id),
    token_hash   bytea       not null,
    session_id   uuid        not null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    created_at   timestamptz not null default now(),
    primary key (tenant_id, token_hash),
    foreign key (tenant_id, session_id) references sessions (tenant_id, id)
);
select enable_tenant_isolation('refresh_tokens');

create table api_keys (
    tenant_id     uuid        not null references tenants (id),
    id            uuid        not null,
    name          text        not null,
    prefix        text        not null,
    key_hash      bytea       not null,
    scopes        text[]      not null,
    created_by    uuid,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    primary key (tenant_id, id)
);
create unique index api_keys_hash on api_keys (key_hash);
select enable_tenant_isolation('api_keys', force => false);

-- The cross-tenant look-ups, each as narrow as its purpose: which tenant and user an e-mail signs in as, and
-- what an API key may do. Both are owned by the schema owner, which row-level security does not restrict on
-- these two tables.
create function find_login(p_email text) returns table (tenant_id uuid, user_id uuid)
    language sql stable security definer set search_path = public, pg_temp
    as $$ select u.tenant_id, u.id from users u where lower(u.email) = lower(p_email) $$;

create function authenticate_api_key(p_key_hash bytea)
    returns table (tenant_id uuid, key_id uuid, scopes text[], tenant_status text)
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        -- Last use is recorded at most once a minute, so that a busy key does not write on every request.
        update api_keys k set last_used_at = now()
        where k.key_hash = p_key_hash and k.revoked_at is null
          and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute');
        select k.tenant_id, k.id, k.scopes, t.status
        from api_keys k join tenants t on t.id = k.tenant_id
        where k.key_hash = p_key_hash and k.revoked_at is null;
    $$;

revoke all on function find_login(text), authenticate_api_key(bytea) from public;
grant execute on function find_login(text), authenticate_api_key(bytea) to saas_application;
