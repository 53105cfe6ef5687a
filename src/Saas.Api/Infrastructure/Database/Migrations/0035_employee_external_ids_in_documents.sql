-- Each employee's document holds a copy of its ids in outside systems (ADR 0030), so that reading an employee or a page of
-- them is one query. employee_external_ids stays: its primary key keeps an id to one employee per system, and ingestion
-- looks employees up by it. The API writes both in one transaction; this fills the copies of the employees written
-- before. The revision (mt_version, the ETag) stays: the employee is the same.
--
-- The owner is subject to the tables' forced policies, and one statement fills every tenant's documents, so they are
-- lifted for the copy.
alter table employee_external_ids no force row level security;
alter table documents.mt_doc_employee no force row level security;
update documents.mt_doc_employee as d
set data = d.data || jsonb_build_object('externalIds', coalesce(
    (select jsonb_object_agg(x.system, x.external_id) from employee_external_ids as x
     where x.tenant_id::text = d.tenant_id and x.employee_id = d.id), '{}'::jsonb));
alter table documents.mt_doc_employee force row level security;
alter table employee_external_ids force row level security;
