-- Webhook subscriptions become Marten documents (ADR 0012, second step).
--
-- The table below is what `Saas.Api.dll --document-schema` adds for WebhookSubscription, pasted unchanged (the rest of
-- its output is 0015's). Deliveries keep naming their subscription by id; the foreign key that cascaded a
-- subscription's deletion to them is replaced by the delete's own SQL (DeleteWebhook), in the same transaction.

CREATE TABLE IF NOT EXISTS documents.mt_doc_webhooksubscription (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_webhooksubscription_tenant_id_id PRIMARY KEY (tenant_id, id)
);
ALTER TABLE documents.mt_doc_webhooksubscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_webhooksubscription FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_webhooksubscription;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_webhooksubscription
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

-- The application role reads and writes the new table (0015's grant covered the tables of its time only).
grant select, insert, update, delete on documents.mt_doc_webhooksubscription to saas_application;

-- Every subscription becomes its document, with its id, secret (still encrypted) and timestamps. The owner is subject
-- to the document table's forced policy, and one statement moves every tenant's rows, so it is lifted for the copy.
alter table documents.mt_doc_webhooksubscription no force row level security;
insert into documents.mt_doc_webhooksubscription (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select tenant_id::text, id,
       jsonb_build_object('id', id, 'url', url, 'events', to_jsonb(events), 'secret', secret, 'description', description,
                          'active', active, 'createdAt', created_at, 'updatedAt', updated_at),
       updated_at, 'Saas.Api.Features.Webhooks.WebhookSubscription'
from webhook_subscriptions;
alter table documents.mt_doc_webhooksubscription force row level security;

alter table webhook_deliveries drop constraint webhook_deliveries_tenant_id_subscription_id_fkey;
drop table webhook_subscriptions;
