-- Issue 24: progress reads one employee's metrics again at every request, so that each acknowledged event shows at once
-- while the tenant-wide reading (seconds for a large tenant's month) is shared (docs/decisions/0023). It finds what can
-- count for the employee through these indexes instead of reading the month: the leads and deals whose events name them,
-- and the period's deals and refunds. They are built in the migration's transaction: ingestion waits while they are built.
create index events_by_employee on events (tenant_id, employee_id) where employee_id is not null;
create index events_deal_outcomes on events (tenant_id, type, occurred_at) where type in ('deal.won', 'deal.refunded');
-- The deals whose splits or overlays may credit someone who is not their closer: a few percent of them.
create index events_deal_shares on events (tenant_id, occurred_at) where type = 'deal.won' and (splits is not null or overlays is not null);

-- The employees a deal.won's split and overlay credits name (jsonb [{ "employeeId": …, "share": … }], checked at ingestion).
-- Not indexed itself: under the events' row-level security PostgreSQL uses only leakproof operators as index conditions,
-- and array overlap is not one; events_deal_shares narrows the rows it is evaluated on.
create function deal_credited_employees(splits jsonb, overlays jsonb) returns uuid[]
    language sql immutable parallel safe
    as $$
        select coalesce(array_agg((c ->> 'employeeId')::uuid), '{}')
        from jsonb_array_elements(coalesce(splits, '[]') || coalesce(overlays, '[]')) c
    $$;
