-- LeadFactsRefresher claimed a batch of pending imports with FOR UPDATE SKIP LOCKED and held that transaction, and so its
-- pooled connection, while each rebuild took another: with the pool taken, it waited for itself. A claim is now a time,
-- written and committed before the rebuilds; other instances skip the imports until it runs out (a worker that stopped
-- half-way) or is given back (a rebuild that failed).
alter table lead_facts_pending add column claimed_until timestamptz;

create or replace function lead_facts_pending_tenants(p_limit integer, p_marked_before timestamptz) returns setof uuid
    language sql stable security definer set search_path = public, pg_temp
    as $$
        select p.tenant_id from lead_facts_pending p
        where p.marked_at < p_marked_before and (p.claimed_until is null or p.claimed_until < now())
        group by p.tenant_id order by min(p.marked_at) limit least(p_limit, 1000)
    $$;
