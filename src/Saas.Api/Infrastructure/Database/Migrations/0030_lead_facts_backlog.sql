-- Issue 23: the lead-facts backlog, the imports whose leads and deals wait for LeadFactsRefresher, is a metric a platform team
-- alerts on. The refresher counts it at the start of each round (it sees no other tenant's rows) and its gauge reports that
-- count; the table holds a row an import, so counting it is cheap.
create function lead_facts_backlog() returns integer
    language sql stable security definer set search_path = public, pg_temp
    as $$ select count(*)::integer from lead_facts_pending $$;
revoke all on function lead_facts_backlog() from public;
grant execute on function lead_facts_backlog() to saas_application;
