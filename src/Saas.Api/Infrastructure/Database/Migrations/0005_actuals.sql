-- Actuals that integrations post: lead and deal events, ad spend, and metric values computed by a CRM.
-- Statements, the SLA and the funnel report are computed from these tables, so nothing here is ever updated in place
-- except spend and metric values, which are values for a day or a period and are replaced by a later post.

-- One row per event as the integration sent it. (source, external_id) is the integration's own id of the event: a
-- re-sent event conflicts and is counted as a duplicate. Events may arrive in any order; nothing refers to an event
-- by its position. A later deal.won for the same deal_id (another external_id) supersedes the earlier one, which stays.
-- employee_id is validated at ingestion rather than by a foreign key: employees are never deleted, and the check per
-- row would slow the bulk path.
create table events (
    tenant_id    uuid           not null references tenants (id),
    id           bigint         generated always as identity,
    source       text           not null,
    external_id  text           not null,
    type         text           not null,
    occurred_at  timestamptz    not null,
    received_at  timestamptz    not null default now(),
    lead_id      text,
    deal_id      text,
    account_id   text,
    employee_id  uuid,
    channel      text,
    campaign     text,
    hypothesis   text,
    amount       numeric(19, 4),
    currency     char(3),
    reason_code  text,
    comment      text,
    -- deal.won: [{ "employeeId": "...", "share": 0.5 }, ...] summing to 1, and overlay credits [{ "employeeId": "..." }]
    -- that credit someone extra without reducing the others.
    splits       jsonb,
    overlays     jsonb,
    primary key (tenant_id, id)
);
create unique index events_source_external_id on events (tenant_id, source, external_id);
create index events_by_time on events (tenant_id, occurred_at);
create index events_by_lead on events (tenant_id, lead_id) where lead_id is not null;
create index events_by_deal on events (tenant_id, deal_id) where deal_id is not null;
select enable_tenant_isolation('events');

-- Ad spend per day, channel and campaign ('' when the platform reports by channel only); a re-post replaces the amount.
create table spend (
    tenant_id   uuid           not null references tenants (id),
    date        date           not null,
    channel     text           not null,
    campaign    text           not null default '',
    amount      numeric(19, 4) not null check (amount >= 0),
    currency    char(3)        not null,
    updated_at  timestamptz    not null default now(),
    primary key (tenant_id, date, channel, campaign)
);
select enable_tenant_isolation('spend');

-- Metric values for tenants whose CRM computes them itself; a re-post replaces the value.
create table metric_values (
    tenant_id    uuid           not null references tenants (id),
    employee_id  uuid           not null,
    metric       text           not null,
    period       text           not null,
    value        numeric(28, 8) not null,
    updated_at   timestamptz    not null default now(),
    primary key (tenant_id, employee_id, metric, period),
    foreign key (tenant_id, employee_id) references employees (tenant_id, id)
);
select enable_tenant_isolation('metric_values');

-- Idempotency-Key: the first response to a key is kept for 24 hours and replayed; the row is claimed before the work
-- starts, so two instances given the same key at once cannot both do it.
create table idempotency_keys (
    tenant_id     uuid        not null references tenants (id),
    caller        text        not null,
    key           text        not null,
    request_hash  bytea       not null,
    completed     boolean     not null default false,
    status_code   integer,
    content_type  text,
    body          bytea,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    primary key (tenant_id, caller, key)
);
select enable_tenant_isolation('idempotency_keys');
