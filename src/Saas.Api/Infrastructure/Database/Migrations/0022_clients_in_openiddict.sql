-- Clients move into OpenIddict's application store (issue 19, ADR 0015), the first step of the token service's move
-- onto OpenIddict.
--
-- The first part is EF Core's DDL for OpenIddict's tables, written by
-- `dotnet src/Saas.Api/bin/Debug/net10.0/Saas.Api.dll --token-service-schema` and pasted unchanged: nothing creates
-- schema at run time, and TokenServiceSchemaTests fails when the model and this DDL part ways. These tables are the
-- platform's, not a tenant's (no tenant_id, no row-level security), like oauth_clients and signing_keys before them.

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'openiddict') THEN
        CREATE SCHEMA openiddict;
    END IF;
END $EF$;


CREATE TABLE openiddict."OpenIddictApplications" (
    "Id" uuid NOT NULL,
    "ApplicationType" character varying(50),
    "ClientId" character varying(100),
    "ClientSecret" text,
    "ClientType" character varying(50),
    "ConcurrencyToken" character varying(50),
    "ConsentType" character varying(50),
    "DisplayName" text,
    "DisplayNames" text,
    "JsonWebKeySet" text,
    "Permissions" text,
    "PostLogoutRedirectUris" text,
    "Properties" text,
    "RedirectUris" text,
    "Requirements" text,
    "Settings" text,
    CONSTRAINT "PK_OpenIddictApplications" PRIMARY KEY ("Id")
);


CREATE TABLE openiddict."OpenIddictScopes" (
    "Id" uuid NOT NULL,
    "ConcurrencyToken" character varying(50),
    "Description" text,
    "Descriptions" text,
    "DisplayName" text,
    "DisplayNames" text,
    "Name" character varying(200),
    "Properties" text,
    "Resources" text,
    CONSTRAINT "PK_OpenIddictScopes" PRIMARY KEY ("Id")
);


CREATE TABLE openiddict."OpenIddictAuthorizations" (
    "Id" uuid NOT NULL,
    "ApplicationId" uuid,
    "ConcurrencyToken" character varying(50),
    "CreationDate" timestamp with time zone,
    "Properties" text,
    "Scopes" text,
    "Status" character varying(50),
    "Subject" character varying(400),
    "Type" character varying(50),
    CONSTRAINT "PK_OpenIddictAuthorizations" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OpenIddictAuthorizations_OpenIddictApplications_Application~" FOREIGN KEY ("ApplicationId") REFERENCES openiddict."OpenIddictApplications" ("Id")
);


CREATE TABLE openiddict."OpenIddictTokens" (
    "Id" uuid NOT NULL,
    "ApplicationId" uuid,
    "AuthorizationId" uuid,
    "ConcurrencyToken" character varying(50),
    "CreationDate" timestamp with time zone,
    "ExpirationDate" timestamp with time zone,
    "Payload" text,
    "Properties" text,
    "RedemptionDate" timestamp with time zone,
    "ReferenceId" character varying(100),
    "Status" character varying(50),
    "Subject" character varying(400),
    "Type" character varying(150),
    CONSTRAINT "PK_OpenIddictTokens" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES openiddict."OpenIddictApplications" ("Id"),
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId" FOREIGN KEY ("AuthorizationId") REFERENCES openiddict."OpenIddictAuthorizations" ("Id")
);


CREATE UNIQUE INDEX "IX_OpenIddictApplications_ClientId" ON openiddict."OpenIddictApplications" ("ClientId");


CREATE INDEX "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type" ON openiddict."OpenIddictAuthorizations" ("ApplicationId", "Status", "Subject", "Type");


CREATE UNIQUE INDEX "IX_OpenIddictScopes_Name" ON openiddict."OpenIddictScopes" ("Name");


CREATE INDEX "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type" ON openiddict."OpenIddictTokens" ("ApplicationId", "Status", "Subject", "Type");


CREATE INDEX "IX_OpenIddictTokens_AuthorizationId" ON openiddict."OpenIddictTokens" ("AuthorizationId");


CREATE UNIQUE INDEX "IX_OpenIddictTokens_ReferenceId" ON openiddict."OpenIddictTokens" ("ReferenceId");

-- The application role reads and writes OpenIddict's tables, and owns none of them.
grant usage on schema openiddict to saas_application;
grant select, insert, update, delete on all tables in schema openiddict to saas_application;

-- Every client becomes an application: its secret's hash as it is (ASP.NET Core Identity's PBKDF2 format, which OpenIddict
-- reads), its kind as OpenIddict's client type, its scopes as scope permissions beside the endpoints and grants of its
-- kind, PKCE required of public clients. The JSON is what OpenIddict's store writes: arrays, null when empty.
insert into openiddict."OpenIddictApplications"
    ("Id", "ApplicationType", "ClientId", "ClientSecret", "ClientType", "ConcurrencyToken", "ConsentType", "DisplayName",
     "Permissions", "RedirectUris", "Requirements")
select gen_random_uuid(), 'web', c.client_id, c.secret_hash, c.kind, gen_random_uuid()::text, 'implicit', c.name,
       (case c.kind
            when 'public' then '["ept:authorization", "ept:token", "ept:revocation", "gt:authorization_code", "gt:refresh_token", "rst:code"]'::jsonb
            else '["ept:token", "ept:revocation", "gt:client_credentials"]'::jsonb
        end || coalesce((select jsonb_agg('scp:' || scope order by position) from unnest(c.scopes) with ordinality as s (scope, position)),
                        '[]'::jsonb))::text,
       case when cardinality(c.redirect_uris) > 0 then to_jsonb(c.redirect_uris)::text end,
       case c.kind when 'public' then '["ft:pkce"]' end
from oauth_clients c;

-- What stays in oauth_clients is the product's half of a client: its partner, its browser origins, whether it is active.
alter table oauth_clients
    drop column name,
    drop column kind,
    drop column secret_hash,
    drop column scopes,
    drop column redirect_uris,
    add constraint oauth_clients_application_fkey foreign key (client_id) references openiddict."OpenIddictApplications" ("ClientId");
