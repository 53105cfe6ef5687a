-- Teams become Marten documents (ADR 0012, fourth step): a team and its planned positions are read and written whole,
-- one document each.
--
-- The table below is what `Saas.Api.dll --document-schema` adds for Team, pasted unchanged (the rest of its output is
-- 0015's to 0017's); its unique index keeps a tenant's team names apart in any case, as teams_name_unique did.
-- Employees keep naming their team by id. The foreign key that kept a team from being deleted while anyone belonged to
-- it is replaced by the delete's own check, which takes turns with employee writes on an advisory lock
-- (Team.LockTenantsTeamsAsync).

CREATE TABLE IF NOT EXISTS documents.mt_doc_team (
    tenant_id           varchar                     NOT NULL DEFAULT '*DEFAULT*',
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          integer                     NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_team_tenant_id_id PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX mt_doc_team_uidx_name ON documents.mt_doc_team USING btree (lower(data ->> 'name'), tenant_id);
ALTER TABLE documents.mt_doc_team ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents.mt_doc_team FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS marten_tenant_isolation ON documents.mt_doc_team;
CREATE POLICY marten_tenant_isolation ON documents.mt_doc_team
    USING (tenant_id = (select current_setting('app.tenant_id')))
    WITH CHECK (tenant_id = (select current_setting('app.tenant_id')));

-- The application role reads and writes the new table (0015's grant covered the tables of its time only).
grant select, insert, update, delete on documents.mt_doc_team to saas_application;

-- Every team becomes its document, with its positions, id, timestamps and version (the revision in mt_version, the
-- team's ETag; not in the JSON, as the API writes it). The owner is subject to the three tables' forced policies, and
-- one statement moves every tenant's rows, so they are lifted for the copy.
alter table teams no force row level security;
alter table team_positions no force row level security;
alter table documents.mt_doc_team no force row level security;
-- Timestamps are written as JSON in the session's time zone; UTC, as the API writes them.
set local time zone 'UTC';
insert into documents.mt_doc_team (tenant_id, id, data, mt_last_modified, mt_dotnet_type, mt_version)
select t.tenant_id::text, t.id,
       jsonb_build_object('id', t.id, 'name', t.name, 'department', t.department,
                          'positions', coalesce((select jsonb_agg(jsonb_build_object('role', p.role, 'headcount', p.headcount) order by p.role)
                                                 from team_positions p
                                                 where p.tenant_id = t.tenant_id and p.team_id = t.id), '[]'::jsonb),
                          'createdAt', t.created_at, 'updatedAt', t.updated_at),
       t.updated_at, 'Saas.Api.Features.Teams.Team', t.version
from teams t;
alter table documents.mt_doc_team force row level security;

alter table employees drop constraint employees_tenant_id_team_id_fkey;
drop table team_positions;
drop table teams;
