-- Issue 22: an import no longer marks each lead and deal it touches stale with an upsert, whose lock on a mark that was
-- already there made imports of the same leads wait on each other and doubled PostgreSQL's work an event. It appends one
-- row listing them instead, visible exactly when its events are. LeadFactsRefresher claims and deletes such rows and
-- rebuilds what they list; a report rebuilds only the listed leads that are or may become created in its range.
create table lead_facts_pending (
    tenant_id  uuid          not null references tenants (id),
    id         bigint        generated always as identity,
    leads      text[]        not null,
    -- Per lead, at the same position: the earliest lead.created of the import, or null.
    created    timestamptz[] not null,
    deals      text[]        not null,
    marked_at  timestamptz   not null default now(),
    primary key (tenant_id, id)
);
select enable_tenant_isolation('lead_facts_pending', force => false);

-- A lead may now be rebuilt by two transactions at once (the worker and a report). Both read its events, and a later
-- statement sees every event an earlier one saw (events are only ever added), so the one that saw more is the newer;
-- the rebuilds keep it. 0 for facts built before, which any rebuild replaces.
alter table lead_facts add column events_seen integer not null default 0;
alter table deal_facts add column events_seen integer not null default 0;

create function lead_facts_pending_tenants(p_limit integer, p_marked_before timestamptz) returns setof uuid
    language sql stable security definer set search_path = public, pg_temp
    as $$
        select p.tenant_id from lead_facts_pending p where p.marked_at < p_marked_before
        group by p.tenant_id order by min(p.marked_at) limit least(p_limit, 1000)
    $$;
revoke all on function lead_facts_pending_tenants(integer, timestamptz) from public;
grant execute on function lead_facts_pending_tenants(integer, timestamptz) to saas_application;

-- What the previous version left stale, as one pending row a tenant. As in 0011, each tenant's events are read as that
-- tenant (the owner is subject to their forced row-level security).
do $$
declare
    t uuid;
begin
    for t in select distinct tenant_id from lead_facts_stale loop
        perform set_config('app.tenant_id', t::text, true);
        insert into lead_facts_pending (tenant_id, leads, created, deals)
        select t, coalesce(array_agg(s.key order by s.key) filter (where s.kind = 'l'), '{}'),
               coalesce(array_agg((select min(e.occurred_at) from events e
                                   where e.tenant_id = t and e.lead_id = s.key and e.type = 'lead.created') order by s.key)
                        filter (where s.kind = 'l'), '{}'),
               coalesce(array_agg(s.key order by s.key) filter (where s.kind = 'd'), '{}')
        from lead_facts_stale s where s.tenant_id = t;
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;

drop function lead_facts_stale_tenants(integer, timestamptz);
drop table lead_facts_stale;
