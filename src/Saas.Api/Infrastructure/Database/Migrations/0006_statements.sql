-- Bonus statements: calculation jobs, statement revisions with their lines, adjustments, and an audit trail.

-- A calculation of one tenant's period. A worker on any instance claims queued jobs (and jobs whose worker stopped
-- sending heartbeats) through claim_calculation_job, which sees every tenant; row-level security is therefore
-- enabled but not forced here, as for users and api_keys: the application role still sees only its tenant.
create table calculation_jobs (
    tenant_id     uuid        not null references tenants (id),
    id            uuid        not null,
    period        text        not null,
    status        text        not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
    total         integer     not null default 0,
    done          integer     not null default 0,
    changed       integer     not null default 0,
    requested_by  text,
    worker        text,
    error         text,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    heartbeat_at  timestamptz,
    finished_at   timestamptz,
    primary key (tenant_id, id)
);
-- One run per tenant and period at a time: a second request finds the running one.
create unique index calculation_jobs_one_active on calculation_jobs (tenant_id, period) where status in ('queued', 'running');
create index calculation_jobs_claimable on calculation_jobs (created_at) where status in ('queued', 'running');
select enable_tenant_isolation('calculation_jobs', force => false);

-- Claims the oldest queued job, or a running one whose worker has not sent a heartbeat for p_stale_after (it died):
-- SKIP LOCKED lets several instances claim at once without taking the same job.
create function claim_calculation_job(p_worker text, p_stale_after interval) returns table (tenant_id uuid, job_id uuid, period text)
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        update calculation_jobs j set status = 'running', worker = p_worker, started_at = coalesce(j.started_at, now()), heartbeat_at = now()
        where (j.tenant_id, j.id) = (
            select c.tenant_id, c.id from calculation_jobs c
            where c.status = 'queued' or (c.status = 'running' and c.heartbeat_at < now() - p_stale_after)
            order by c.created_at
            limit 1
            for update skip locked)
        returning j.tenant_id, j.id, j.period;
    $$;
revoke all on function claim_calculation_job(text, interval) from public;
grant execute on function claim_calculation_job(text, interval) to saas_application;

-- A period is open until an admin locks it as paid; a locked period is never recalculated.
create table pay_periods (
    tenant_id   uuid        not null references tenants (id),
    period      text        not null,
    status      text        not null default 'open' check (status in ('open', 'locked')),
    locked_at   timestamptz,
    locked_by   text,
    primary key (tenant_id, period)
);
select enable_tenant_isolation('pay_periods');

-- One row per revision of an employee's statement for a period. A recalculation that changes an approved statement
-- adds a revision awaiting approval; a draft that changes is superseded by a new draft. Nothing is updated in place
-- except the status.
create table statements (
    tenant_id     uuid           not null references tenants (id),
    id            uuid           not null,
    employee_id   uuid           not null,
    period        text           not null,
    revision      integer        not null,
    status        text           not null check (status in ('draft', 'approved', 'superseded')),
    currency      char(3)        not null,
    total         numeric(19, 4) not null,
    lines         jsonb          not null,
    -- What the statement was computed from: plans, metric values, deals, adjustments (for reading and for "unchanged").
    inputs        jsonb          not null,
    inputs_hash   bytea          not null,
    previous_id   uuid,
    job_id        uuid,
    created_at    timestamptz    not null default now(),
    approved_at   timestamptz,
    approved_by   text,
    primary key (tenant_id, id),
    unique (tenant_id, employee_id, period, revision),
    foreign key (tenant_id, employee_id) references employees (tenant_id, id)
);
create index statements_by_period on statements (tenant_id, period, employee_id);
select enable_tenant_isolation('statements');

create table statement_adjustments (
    tenant_id    uuid           not null references tenants (id),
    id           uuid           not null,
    employee_id  uuid           not null,
    period       text           not null,
    amount       numeric(19, 4) not null,
    reason       text           not null,
    author       text,
    created_at   timestamptz    not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, employee_id) references employees (tenant_id, id)
);
create index statement_adjustments_by_period on statement_adjustments (tenant_id, period, employee_id);
select enable_tenant_isolation('statement_adjustments');

-- Who did what to a statement, and when.
create table statement_audit (
    tenant_id     uuid        not null references tenants (id),
    id            bigint      generated always as identity,
    statement_id  uuid        not null,
    action        text        not null,
    actor         text,
    details       jsonb,
    at            timestamptz not null default now(),
    primary key (tenant_id, id)
);
create index statement_audit_by_statement on statement_audit (tenant_id, statement_id);
select enable_tenant_isolation('statement_audit');
