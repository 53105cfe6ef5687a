-- Statements become Marten documents (ADR 0012, seventh and last step; ADR 0013 says why not Marten's event store).
-- A revision of a statement is two documents with one id: the Statement, as lists show it, whose status, latest flag and
-- approval change, and the CalculatedStatement, what the calculation computed (lines, inputs, totals), written once.
-- Who did what to a statement, and the manual adjustments, are documents written once each. Period locks (pay_periods)
-- stay a table.
--
-- The tables below are what `Saas.Api.dll --document-schema` adds for those four types, pasted unchanged (the rest of
-- its output is 0015's to 0020's); the unique index keeps one calculated revision per employee, period and revision, as
-- the unique key of statements did.

CREATE TABLE IF NOT EXISTS documents.mt_doc_calculatedstatement (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_calculatedstatement_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX mt_doc_calculatedstatement_uidx_employee_period_revision ON documents.mt_doc_calculatedstatement USING btree ((CAST(data ->> 'employeeId' as uuid)), (data ->> 'period'), (CAST(data ->> 'revision' as integer)), tenant_id);
ALTER TABLE documents.mt_doc_calculatedstatement ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_calculatedstatement FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_calculatedstatement;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_calculatedstatement
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

CREATE TABLE IF NOT EXISTS documents.mt_doc_statement (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
    period              varchar                     NOT NULL,
    employee_id         uuid                        NULL,
CONSTRAINT pkey_mt_doc_statement_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE INDEX mt_doc_statement_idx_period ON documents.mt_doc_statement USING btree (period, tenant_id);

CREATE INDEX mt_doc_statement_idx_employee_id ON documents.mt_doc_statement USING btree (employee_id, tenant_id);
ALTER TABLE documents.mt_doc_statement ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_statement FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_statement;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_statement
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

CREATE TABLE IF NOT EXISTS documents.mt_doc_statementadjustment (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_statementadjustment_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE INDEX mt_doc_statementadjustment_idx_period ON documents.mt_doc_statementadjustment USING btree ((data ->> 'period'), tenant_id);
ALTER TABLE documents.mt_doc_statementadjustment ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_statementadjustment FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_statementadjustment;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_statementadjustment
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

CREATE TABLE IF NOT EXISTS documents.mt_doc_statementauditentry (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_statementauditentry_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE INDEX mt_doc_statementauditentry_idx_statement_id ON documents.mt_doc_statementauditentry USING btree ((CAST(data ->> 'statementId' as uuid)), tenant_id);
ALTER TABLE documents.mt_doc_statementauditentry ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_statementauditentry FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_statementauditentry;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_statementauditentry
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

-- The application role reads and writes the new tables (0015's grant covered the tables of its time only). What a
-- statement computed, who did what to it and the adjustments it may only add, so that the database itself keeps that
-- history from being changed or removed; a statement's status and approval it may change, and statements are never deleted.
grant select, insert, update on documents.mt_doc_statement to saas_application;
grant select, insert on documents.mt_doc_calculatedstatement to saas_application;
grant select, insert on documents.mt_doc_statementauditentry to saas_application;
grant select, insert on documents.mt_doc_statementadjustment to saas_application;

-- Every revision becomes its two documents with its id, every audit row and every adjustment its document. The owner is
-- subject to the tables' forced policies, and one statement moves every tenant's rows, so they are lifted for the copy.
alter table statements no force row level security;
alter table statement_audit no force row level security;
alter table statement_adjustments no force row level security;
alter table documents.mt_doc_statement no force row level security;
alter table documents.mt_doc_calculatedstatement no force row level security;
alter table documents.mt_doc_statementauditentry no force row level security;
alter table documents.mt_doc_statementadjustment no force row level security;
-- Timestamps are written as JSON in the session's time zone; UTC, as the API writes them.
set local time zone 'UTC';
insert into documents.mt_doc_statement (tenant_id, id, data, mt_last_modified, mt_dotnet_type, period, employee_id)
select s.tenant_id::text, s.id,
       jsonb_build_object('id', s.id, 'employeeId', s.employee_id, 'period', s.period, 'revision', s.revision, 'status', s.status,
                          'latest', s.revision = max(s.revision) over (partition by s.tenant_id, s.employee_id, s.period),
                          'currency', rtrim(s.currency), 'total', s.total, 'drawBalance', s.draw_balance,
                          'takesBack', s.lines @> '[{"kind": "clawback"}]', 'previousId', s.previous_id, 'createdAt', s.created_at,
                          'approvedAt', s.approved_at, 'approvedBy', s.approved_by),
       coalesce(s.approved_at, s.created_at), 'Saas.Api.Features.Statements.Statement', s.period, s.employee_id
from statements s;
insert into documents.mt_doc_calculatedstatement (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select s.tenant_id::text, s.id,
       jsonb_build_object('id', s.id, 'employeeId', s.employee_id, 'period', s.period, 'revision', s.revision,
                          'currency', rtrim(s.currency), 'total', s.total, 'drawBalance', s.draw_balance, 'lines', s.lines,
                          'inputs', s.inputs, 'inputsHash', encode(s.inputs_hash, 'base64'), 'previousId', s.previous_id,
                          'jobId', s.job_id, 'createdAt', s.created_at),
       s.created_at, 'Saas.Api.Features.Statements.CalculatedStatement'
from statements s;
insert into documents.mt_doc_statementauditentry (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select a.tenant_id::text, a.new_id,
       jsonb_build_object('id', a.new_id, 'statementId', a.statement_id, 'action', a.action, 'actor', a.actor, 'at', a.at,
                          'details', a.details),
       a.at, 'Saas.Api.Features.Statements.StatementAuditEntry'
from (select gen_random_uuid() as new_id, * from statement_audit) a;
insert into documents.mt_doc_statementadjustment (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select j.tenant_id::text, j.id,
       jsonb_build_object('id', j.id, 'employeeId', j.employee_id, 'period', j.period, 'amount', j.amount, 'reason', j.reason,
                          'author', j.author, 'createdAt', j.created_at),
       j.created_at, 'Saas.Api.Features.Statements.StatementAdjustment'
from statement_adjustments j;
alter table documents.mt_doc_statement force row level security;
alter table documents.mt_doc_calculatedstatement force row level security;
alter table documents.mt_doc_statementauditentry force row level security;
alter table documents.mt_doc_statementadjustment force row level security;

drop table statement_audit;
drop table statement_adjustments;
drop table statements;
