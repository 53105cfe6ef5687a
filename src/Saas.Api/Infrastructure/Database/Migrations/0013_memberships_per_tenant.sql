-- One person may belong to several companies (consultants, agencies, a partner's staff): an e-mail is unique within its
-- tenant only, so that an invitation's answer never depends on another tenant and nobody can take another company's
-- address first. A user row is one membership with its own password; the sign-in page asks which company when the
-- password opens more than one (ADR 0010).
drop index users_email_unique;
create unique index users_email on users (tenant_id, lower(email));
create index users_by_email on users (lower(email));

-- Every membership of an e-mail with what sign-in needs, in one query: the time a sign-in takes must not depend on how
-- many companies the address belongs to. Replaces find_login (0002), which returned only ids.
create function find_memberships(p_email text)
    returns table (tenant_id uuid, user_id uuid, password_hash text, user_status text, tenant_status text, tenant_name text, partner_client_id text)
    language sql stable security definer set search_path = public, pg_temp
    as $$
        select u.tenant_id, u.id, u.password_hash, u.status, t.status, t.name, t.partner_client_id
        from users u join tenants t on t.id = u.tenant_id
        where lower(u.email) = lower(p_email)
    $$;
revoke all on function find_memberships(text) from public;
grant execute on function find_memberships(text) to saas_application;
drop function find_login(text);

-- A company chosen on the sign-in page is chosen once: the choice's id is kept until the choice would have expired.
create table sign_in_choices_used (
    id          uuid        primary key,
    expires_at  timestamptz not null
);
grant select, insert, delete on sign_in_choices_used to saas_application;
