-- Statement inquiries become Marten documents (ADR 0012, third step): an inquiry and its thread of messages are read
-- and written whole, one document each.
--
-- The table below is what `Saas.Api.dll --document-schema` adds for StatementInquiry, pasted unchanged (the rest of its
-- output is 0015's and 0016's). An inquiry keeps the id of the statement revision it was opened on, without the
-- foreign key (statements are never deleted).

CREATE TABLE IF NOT EXISTS documents.mt_doc_statementinquiry (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_statementinquiry_tenant_id_id PRIMARY KEY (tenant_id, id)
);
ALTER TABLE documents.mt_doc_statementinquiry ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_statementinquiry FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_statementinquiry;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_statementinquiry
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

-- The application role reads and writes the new table (0015's grant covered the tables of its time only).
grant select, insert, update, delete on documents.mt_doc_statementinquiry to saas_application;

-- Every inquiry becomes its document, its messages in the order they were written. The owner is subject to the three
-- tables' forced policies, and one statement moves every tenant's rows, so they are lifted for the copy.
alter table statement_inquiries no force row level security;
alter table statement_inquiry_messages no force row level security;
alter table documents.mt_doc_statementinquiry no force row level security;
insert into documents.mt_doc_statementinquiry (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select i.tenant_id::text, i.id,
       jsonb_build_object('id', i.id, 'employeeId', i.employee_id, 'period', i.period, 'statementId', i.statement_id,
                          'componentId', i.component_id, 'status', i.status, 'createdAt', i.created_at,
                          'messages', coalesce((select jsonb_agg(jsonb_build_object('author', m.author, 'authorRole', m.author_role,
                                                                                    'text', m.text, 'at', m.at) order by m.id)
                                                from statement_inquiry_messages m
                                                where m.tenant_id = i.tenant_id and m.inquiry_id = i.id), '[]'::jsonb)),
       i.created_at, 'Saas.Api.Features.Statements.StatementInquiry'
from statement_inquiries i;
alter table documents.mt_doc_statementinquiry force row level security;

drop table statement_inquiry_messages;
drop table statement_inquiries;
