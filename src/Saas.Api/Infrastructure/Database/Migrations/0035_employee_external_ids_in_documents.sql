-- Each employee's document holds a copy of its ids in outside systems (ADR 0030), so that reading an employee or a page of
-- them is one query. employee_external_ids stays: its primary key keeps an id to one employee per system, and ingestion
-- looks employees up by it. The API writes both in one transaction; this fills the copies of the employees written
-- before. The revision (mt_version, the ETag) stays: the employee is the same.

-- An employee's ids as its document holds them, found by the table's (tenant_id, employee_id, system) index. It runs as
-- its caller, under the caller's policies.
create function employee_external_ids_json(p_tenant_id uuid, p_employee_id uuid) returns jsonb
    language sql stable set search_path = public, pg_temp
    as $$
        select coalesce(jsonb_object_agg(system, external_id), '{}'::jsonb) from employee_external_ids
        where tenant_id = p_tenant_id and employee_id = p_employee_id
    $$;

-- The owner is subject to the tables' forced policies, and one statement fills every tenant's documents, so they are
-- lifted for the copy. Employees' documents always belong to a tenant, so their tenant_id is a uuid.
alter table employee_external_ids no force row level security;
alter table documents.mt_doc_employee no force row level security;
update documents.mt_doc_employee as d
set data = d.data || jsonb_build_object('externalIds', employee_external_ids_json(d.tenant_id::uuid, d.id));
alter table documents.mt_doc_employee force row level security;
alter table employee_external_ids force row level security;

-- During a rolling upgrade, instances of the build before this one still write employees, whole and without the copy,
-- after their ids (their table rows are written first, in the same transaction). Such a document takes its ids from the
-- table as it is written, so that no answer loses them once the upgrade is over. A document the API writes now always
-- has the key, so the trigger does nothing for it.
create function employee_external_ids_copied() returns trigger
    language plpgsql set search_path = public, pg_temp
    as $$
    begin
        new.data := new.data || jsonb_build_object('externalIds', employee_external_ids_json(new.tenant_id::uuid, new.id));
        return new;
    end
    $$;
create trigger external_ids_copied before insert or update on documents.mt_doc_employee
    for each row when (not (new.data ? 'externalIds')) execute function employee_external_ids_copied();
