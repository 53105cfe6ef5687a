-- The claim function no longer takes the staleness from its caller: whoever can call it must not be able to take a
-- job that a live worker is running (a heartbeat every 15 s; stale after 2 minutes of silence).
drop function claim_calculation_job(text, interval);

create function claim_calculation_job(p_worker text) returns table (tenant_id uuid, job_id uuid, period text)
    language sql volatile security definer set search_path = public, pg_temp
    as $$
        update calculation_jobs j set status = 'running', worker = p_worker, started_at = coalesce(j.started_at, now()), heartbeat_at = now()
        where (j.tenant_id, j.id) = (
            select c.tenant_id, c.id from calculation_jobs c
            where c.status = 'queued' or (c.status = 'running' and c.heartbeat_at < now() - interval '2 minutes')
            order by c.created_at
            limit 1
            for update skip locked)
        returning j.tenant_id, j.id, j.period;
    $$;
revoke all on function claim_calculation_job(text) from public;
grant execute on function claim_calculation_job(text) to saas_application;
