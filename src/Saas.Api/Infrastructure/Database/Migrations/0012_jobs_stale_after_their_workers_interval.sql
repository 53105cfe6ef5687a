-- A running job is stale after the interval its own worker stated when it claimed the job (Calculations:StaleAfter, two
-- minutes unless configured; the worker sends a heartbeat eight times within it), kept on the job. A caller still cannot
-- take a job from a live worker (0009): the interval it passes applies only to the job it claims.
alter table calculation_jobs add column stale_after interval not null default interval '2 minutes';

drop function claim_calculation_job(text);

create function claim_calculation_job(p_worker text, p_stale_after interval) returns table (tenant_id uuid, job_id uuid, period text)
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        update calculation_jobs j set status = 'running', worker = p_worker, started_at = coalesce(j.started_at, now()), heartbeat_at = now(),
            stale_after = least(greatest(p_stale_after, interval '1 second'), interval '30 minutes')
        where (j.tenant_id, j.id) = (
            select c.tenant_id, c.id from calculation_jobs c
            where c.status = 'queued' or (c.status = 'running' and c.heartbeat_at < now() - c.stale_after)
            order by c.created_at
            limit 1
            for update skip locked)
        returning j.tenant_id, j.id, j.period;
    $$;
revoke all on function claim_calculation_job(text, interval) from public;
grant execute on function claim_calculation_job(text, interval) to saas_application;

-- Instances of the previous version still call the one-argument form during a rolling deploy.
create function claim_calculation_job(p_worker text) returns table (tenant_id uuid, job_id uuid, period text)
    language sql volatile security definer set search_path = public, pg_temp
    as $$ select * from claim_calculation_job(p_worker, interval '2 minutes') $$;
revoke all on function claim_calculation_job(text) from public;
grant execute on function claim_calculation_job(text) to saas_application;
