-- Employees become Marten documents (ADR 0012, fifth step): an employee is read and written whole, one document each.
--
-- The table below is what `Saas.Api.dll --document-schema` adds for Employee, pasted unchanged (the rest of its output is
-- 0015's to 0018's). team_id, role and status are columns of their own besides the JSON (Marten keeps them equal), for
-- the reports and counts that group and join by them; the unique index keeps a tenant's e-mails apart in any case, as
-- employees_email_unique did. The ids CRMs know employees by stay in employee_external_ids.
--
-- The foreign keys that named employees (external ids, users, metric values, statements, adjustments) go with the
-- table: employees are never deleted, so the writers' own checks that an employee exists stay true once made.

CREATE TABLE IF NOT EXISTS documents.mt_doc_employee (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          integer                     NOT NULL DEFAULT 0,
    team_id             uuid                        NULL,
    role                varchar                     NOT NULL,
    status              varchar                     NOT NULL,
CONSTRAINT pkey_mt_doc_employee_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE INDEX mt_doc_employee_idx_team_id ON documents.mt_doc_employee USING btree (team_id, tenant_id);

CREATE INDEX mt_doc_employee_idx_role ON documents.mt_doc_employee USING btree (role, tenant_id);

CREATE INDEX mt_doc_employee_idx_status ON documents.mt_doc_employee USING btree (status, tenant_id);

CREATE UNIQUE INDEX mt_doc_employee_uidx_email ON documents.mt_doc_employee USING btree (lower(data ->> 'email'), tenant_id);
ALTER TABLE documents.mt_doc_employee ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_employee FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_employee;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_employee
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

-- The application role reads and writes the new table (0015's grant covered the tables of its time only).
grant select, insert, update, delete on documents.mt_doc_employee to saas_application;

-- Every employee becomes its document, with its id, timestamps and version (the revision in mt_version, the employee's
-- ETag; not in the JSON, as the API writes it). Amounts keep the four decimals the column had; the currency loses
-- char(3)'s padding. The owner is subject to the tables' forced policies, and one statement moves every tenant's rows,
-- so they are lifted for the copy.
alter table employees no force row level security;
alter table documents.mt_doc_employee no force row level security;
-- Timestamps are written as JSON in the session's time zone; UTC, as the API writes them.
set local time zone 'UTC';
insert into documents.mt_doc_employee (tenant_id, id, data, mt_last_modified, mt_dotnet_type, mt_version, team_id, role, status)
select e.tenant_id::text, e.id,
       jsonb_build_object('id', e.id, 'fullName', e.full_name, 'email', e.email, 'role', e.role, 'department', e.department,
                          'teamId', e.team_id, 'baseSalary', e.base_salary, 'currency', trim(e.currency),
                          'startDate', e.start_date, 'endDate', e.end_date, 'status', e.status,
                          'createdAt', e.created_at, 'updatedAt', e.updated_at),
       e.updated_at, 'Saas.Api.Features.Employees.Employee', e.version, e.team_id, e.role, e.status
from employees e;
alter table documents.mt_doc_employee force row level security;

alter table employee_external_ids drop constraint employee_external_ids_tenant_id_employee_id_fkey;
alter table users drop constraint users_tenant_id_employee_id_fkey;
alter table metric_values drop constraint metric_values_tenant_id_employee_id_fkey;
alter table statements drop constraint statements_tenant_id_employee_id_fkey;
alter table statement_adjustments drop constraint statement_adjustments_tenant_id_employee_id_fkey;
drop table employees;
