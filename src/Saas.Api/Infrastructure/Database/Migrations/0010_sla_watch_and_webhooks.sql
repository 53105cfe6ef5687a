-- Live SLA breaches and webhooks.
-- Workers of every instance find due rows of any tenant through the security-definer functions below, which run as
-- the owner; so sla_watch and the webhook tables have row-level security enabled but not forced, as calculation_jobs.
-- The application role still sees only its tenant's rows.

-- Leads whose first-response clock may need a look: ingestion adds (or re-arms) a row when a lead.created,
-- lead.assigned or lead.first_response arrives, and the breach worker recomputes the clock when check_at passes
-- (deleting the row once the lead is answered, or setting check_at to the deadline). breached_at marks the one
-- sla.breached a lead can have; notified is false when the deadline had long passed by the time the events arrived
-- (a late import), which is recorded but sent to nobody.
create table sla_watch (
    tenant_id    uuid        not null references tenants (id),
    lead_id      text        not null,
    check_at     timestamptz not null,
    breached_at  timestamptz,
    notified     boolean     not null default false,
    primary key (tenant_id, lead_id)
);
create index sla_watch_due on sla_watch (check_at) where breached_at is null;
create index sla_watch_due_by_tenant on sla_watch (tenant_id, check_at) where breached_at is null;
select enable_tenant_isolation('sla_watch', force => false);

-- The worker of any instance asks which tenants have leads to look at; what it then reads and writes it does as that
-- tenant, under row-level security. Only tenant ids leave this function.
-- The most overdue first, so that no tenant waits behind others.
create function sla_watch_due_tenants(p_limit integer) returns setof uuid
    language sql stable security definer set search_path = public, pg_temp
    as $$
        select w.tenant_id from sla_watch w where w.breached_at is null and w.check_at <= now()
        group by w.tenant_id order by min(w.check_at) limit least(p_limit, 1000)
    $$;
revoke all on function sla_watch_due_tenants(integer) from public;
grant execute on function sla_watch_due_tenants(integer) to saas_application;

-- The leads created in a period, without reading all of the period's events: the reports and the SLA start here.
create index events_lead_created on events (tenant_id, occurred_at) where type = 'lead.created';

-- The outbox: events for webhooks, written in the same transaction as the change they announce.
create table outbox_events (
    tenant_id    uuid        not null references tenants (id),
    id           uuid        not null,
    type         text        not null,
    payload      jsonb       not null,
    occurred_at  timestamptz not null default now(),
    primary key (tenant_id, id)
);
select enable_tenant_isolation('outbox_events', force => false);

create table webhook_subscriptions (
    tenant_id    uuid        not null references tenants (id),
    id           uuid        not null,
    url          text        not null,
    events       text[]      not null,
    -- The HMAC key deliveries are signed with, encrypted with the data-protection keys (signing needs it back, so it
    -- is not hashed). Only the creation's answer shows it.
    secret       text        not null,
    description  text,
    active       boolean     not null default true,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id)
);
select enable_tenant_isolation('webhook_subscriptions', force => false);

-- One row per event and subscription; attempts are logged in webhook_attempts. A dispatcher claims due rows with
-- FOR UPDATE SKIP LOCKED and a lease (the HTTP call happens outside any transaction); a row whose lease ran out (its
-- instance died mid-call) is claimed again, so delivery is at least once and receivers de-duplicate by event id.
create table webhook_deliveries (
    tenant_id        uuid        not null,
    id               uuid        not null,
    subscription_id  uuid        not null,
    event_id         uuid        not null,
    status           text        not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    created_at       timestamptz not null default now(),
    completed_at     timestamptz,
    last_status_code integer,
    last_error       text,
    primary key (tenant_id, id),
    foreign key (tenant_id, subscription_id) references webhook_subscriptions (tenant_id, id) on delete cascade,
    foreign key (tenant_id, event_id) references outbox_events (tenant_id, id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_subscription on webhook_deliveries (tenant_id, subscription_id, id);
create index webhook_deliveries_by_event on webhook_deliveries (tenant_id, event_id);
select enable_tenant_isolation('webhook_deliveries', force => false);

create table webhook_attempts (
    tenant_id     uuid        not null,
    delivery_id   uuid        not null,
    attempt       integer     not null,
    attempted_at  timestamptz not null,
    duration_ms   integer     not null,
    status_code   integer,
    error         text,
    primary key (tenant_id, delivery_id, attempt),
    foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
);
select enable_tenant_isolation('webhook_attempts', force => false);

-- Claims up to p_limit due deliveries of any tenant for a minute (the dispatcher's requests time out well before), and
-- returns only which they are: the URL, secret and payload are read as the tenant, under row-level security. The lease
-- is fixed here so that no caller can hold deliveries away from live dispatchers for longer. A subscription has at most
-- four deliveries in flight (across instances, give or take a concurrent claim), so a slow or dead receiver with a
-- backlog takes a few of the dispatchers' slots rather than all of them.
create function claim_webhook_deliveries(p_limit integer)
    returns table (tenant_id uuid, delivery_id uuid, attempt integer)
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        with due as (
            select c.tenant_id, c.id, c.next_attempt_at,
                   row_number() over (partition by c.tenant_id, c.subscription_id order by c.next_attempt_at, c.id) as place,
                   (select count(*) from webhook_deliveries f
                    where f.tenant_id = c.tenant_id and f.subscription_id = c.subscription_id and f.status = 'pending'
                      and f.lease_until > now()) as in_flight
            from webhook_deliveries c
            where c.status = 'pending' and c.next_attempt_at <= now() and (c.lease_until is null or c.lease_until < now())),
        fair as (
            select d.tenant_id, d.id from due d where d.in_flight + d.place <= 4
            order by d.next_attempt_at limit least(p_limit, 100))
        update webhook_deliveries d
        set attempts = d.attempts + 1, lease_until = now() + interval '1 minute'
        where (d.tenant_id, d.id) in (
            select l.tenant_id, l.id from webhook_deliveries l join fair f on f.tenant_id = l.tenant_id and f.id = l.id
            where l.status = 'pending' and (l.lease_until is null or l.lease_until < now())
            for update of l skip locked)
        returning d.tenant_id, d.id, d.attempts
    $$;
revoke all on function claim_webhook_deliveries(integer) from public;
grant execute on function claim_webhook_deliveries(integer) to saas_application;

-- Retention, run hourly by the workers with fixed ages (no caller chooses what goes): deliveries finished 30 days ago
-- with their attempts, events whose deliveries are all gone, and breached watch rows whose lead can no longer be
-- announced (a back-fill older than the watch's 14 days is not watched; a breach past 24 h is never announced).
create function purge_webhook_history() returns integer
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        delete from webhook_deliveries d where d.status <> 'pending' and d.completed_at < now() - interval '30 days';
        with gone as (
            delete from outbox_events e
            where e.occurred_at < now() - interval '30 days'
              and not exists (select 1 from webhook_deliveries d where d.tenant_id = e.tenant_id and d.event_id = e.id)
            returning 1)
        select count(*)::integer from gone;
    $$;
revoke all on function purge_webhook_history() from public;
grant execute on function purge_webhook_history() to saas_application;

create function purge_sla_watch() returns integer
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        with gone as (delete from sla_watch w where w.breached_at < now() - interval '15 days' returning 1)
        select count(*)::integer from gone
    $$;
revoke all on function purge_sla_watch() from public;
grant execute on function purge_sla_watch() to saas_application;
