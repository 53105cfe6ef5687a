-- Conversations with the assistant become Marten documents (issue 20): each holds its messages and the engine's state;
-- the proposal is generated from the state when read, so nothing else is stored. The table below is what
-- `Saas.Api.dll --document-schema` adds for the Conversation type, pasted unchanged.

CREATE TABLE IF NOT EXISTS documents.mt_doc_conversation (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          integer                     NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_conversation_tenant_id_id PRIMARY KEY (tenant_id, id)
);
ALTER TABLE documents.mt_doc_conversation ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_conversation FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_conversation;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_conversation
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));


-- The application role reads and writes conversations (a conversation is never deleted: it is the record of how a plan
-- was proposed).
grant select, insert, update on documents.mt_doc_conversation to saas_application;
