-- Plans and their revisions become Marten documents (ADR 0012, sixth step): a plan is read and written whole; each change
-- of its document is a revision document, written once and kept, even after its draft is deleted.
--
-- The tables below are what `Saas.Api.dll --document-schema` adds for Plan and PlanRevision, pasted unchanged (the rest
-- of its output is 0015's to 0019's); the unique index keeps one revision per plan and version, as the primary key of
-- plan_revisions did. A plan's document is kept as the JSON the plan rules write (snake_case kinds and values), as it was.

CREATE TABLE IF NOT EXISTS documents.mt_doc_plan (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          integer                     NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_plan_tenant_id_id PRIMARY KEY (tenant_id, id)
);
ALTER TABLE documents.mt_doc_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_plan FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_plan;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_plan
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

CREATE TABLE IF NOT EXISTS documents.mt_doc_planrevision (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_planrevision_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX mt_doc_planrevision_uidx_plan_version ON documents.mt_doc_planrevision USING btree ((CAST(data ->> 'planId' as uuid)), (CAST(data ->> 'version' as integer)), tenant_id);
ALTER TABLE documents.mt_doc_planrevision ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_planrevision FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_planrevision;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_planrevision
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

-- The application role reads and writes the new tables (0015's grant covered the tables of its time only); revisions it
-- may only add, so that the database itself keeps the history from being changed or removed.
grant select, insert, update, delete on documents.mt_doc_plan to saas_application;
grant select, insert on documents.mt_doc_planrevision to saas_application;

-- Every plan becomes its document, with its id, dates, timestamps and version (the revision in mt_version, the plan's
-- ETag; not in the JSON, as the API writes it), and every revision its own. The owner is subject to the tables' forced
-- policies, and one statement moves every tenant's rows, so they are lifted for the copy.
alter table plans no force row level security;
alter table plan_revisions no force row level security;
alter table documents.mt_doc_plan no force row level security;
alter table documents.mt_doc_planrevision no force row level security;
-- Timestamps are written as JSON in the session's time zone; UTC, as the API writes them.
set local time zone 'UTC';
insert into documents.mt_doc_plan (tenant_id, id, data, mt_last_modified, mt_dotnet_type, mt_version)
select p.tenant_id::text, p.id,
       jsonb_build_object('id', p.id, 'name', p.name, 'status', p.status, 'source', p.source, 'document', p.document,
                          'generation', p.generation, 'effectiveFrom', p.effective_from, 'effectiveTo', p.effective_to,
                          'createdAt', p.created_at, 'updatedAt', p.updated_at, 'activatedAt', p.activated_at),
       p.updated_at, 'Saas.Api.Features.Plans.Plan', p.version
from plans p;
insert into documents.mt_doc_planrevision (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select r.tenant_id::text, r.id,
       jsonb_build_object('id', r.id, 'planId', r.plan_id, 'version', r.version, 'document', r.document,
                          'changedBy', r.changed_by, 'changedAt', r.changed_at),
       r.changed_at, 'Saas.Api.Features.Plans.PlanRevision'
from (select gen_random_uuid() as id, * from plan_revisions) r;
alter table documents.mt_doc_plan force row level security;
alter table documents.mt_doc_planrevision force row level security;

drop table plan_revisions;
drop table plans;
