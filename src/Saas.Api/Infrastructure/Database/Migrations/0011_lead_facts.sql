-- One row of facts per lead and one per deal, kept up to date from the events, so that a month's reports read the
-- month's leads by creation date instead of aggregating every event of them (see docs/decisions/0009-lead-facts.md).
-- Ingestion marks the leads and deals its events touch as stale (lead_facts_stale) in the same statement; the
-- LeadFactsRefresher worker of every instance rebuilds them in batches, and a report first rebuilds whatever of its
-- tenant is still stale, so that it always reads what has been acknowledged.

-- What the reports group and count by, independent of the tenant's settings: the source is kept for every
-- attribution model, and all assignments for either clock start. Sources are [channel, campaign, hypothesis] of the
-- touch each model picks among the lead's touches up to its creation. created_at is null while only other events
-- of the lead (an assignment before its lead.created) have arrived.
create table lead_facts (
    tenant_id          uuid        not null references tenants (id),
    lead_id            text        not null,
    created_at         timestamptz,
    owner              uuid,
    first_assignee     uuid,
    assignments        text,
    first_response_at  timestamptz,
    first_touch        text[],
    last_touch         text[],
    last_non_direct    text[],
    reason_code        text,
    disqualified_by    uuid,
    mql                boolean     not null,
    sal                boolean     not null,
    sql                boolean     not null,
    primary key (tenant_id, lead_id)
);
create index lead_facts_by_creation on lead_facts (tenant_id, created_at) where created_at is not null;
select enable_tenant_isolation('lead_facts');

-- Each deal's version in force (its latest deal.won), which names the lead it counts for: a CRM may move a deal.
create table deal_facts (
    tenant_id  uuid           not null references tenants (id),
    deal_id    text           not null,
    lead_id    text,
    amount     numeric(19, 4),
    currency   char(3),
    primary key (tenant_id, deal_id)
);
create index deal_facts_by_lead on deal_facts (tenant_id, lead_id) where lead_id is not null;
select enable_tenant_isolation('deal_facts');

-- kind 'l': a lead whose facts need rebuilding; 'd': a deal. Read by the workers of every instance through the
-- function below (as calculation_jobs and sla_watch), hence not forced.
create table lead_facts_stale (
    tenant_id  uuid        not null references tenants (id),
    kind       char(1)     not null check (kind in ('l', 'd')),
    key        text        not null,
    marked_at  timestamptz not null default now(),
    primary key (tenant_id, kind, key)
);
select enable_tenant_isolation('lead_facts_stale', force => false);

-- The tenants with leads marked before p_marked_before (the worker lets a lead settle, so that the events of one import
-- or sync cost one rebuild), the longest waiting first. Only tenant ids leave this function.
create function lead_facts_stale_tenants(p_limit integer, p_marked_before timestamptz) returns setof uuid
    language sql stable security definer set search_path = public, pg_temp
    as $$
        select s.tenant_id from lead_facts_stale s where s.marked_at < p_marked_before
        group by s.tenant_id order by min(s.marked_at) limit least(p_limit, 1000)
    $$;
revoke all on function lead_facts_stale_tenants(integer, timestamptz) from public;
grant execute on function lead_facts_stale_tenants(integer, timestamptz) to saas_application;

-- Every lead and deal received before this migration is built by the workers after it. The owner is subject to the
-- events' forced row-level security like everyone else, so each tenant's rows are read as that tenant; no lock beyond
-- reading is taken on events, so the running version keeps ingesting meanwhile.
do $$
declare
    t uuid;
begin
    for t in select id from tenants loop
        perform set_config('app.tenant_id', t::text, true);
        insert into lead_facts_stale (tenant_id, kind, key)
        select distinct tenant_id, 'l', lead_id from events where tenant_id = t and lead_id is not null
        union all
        select distinct tenant_id, 'd', deal_id from events where tenant_id = t and type = 'deal.won' and deal_id is not null;
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;
