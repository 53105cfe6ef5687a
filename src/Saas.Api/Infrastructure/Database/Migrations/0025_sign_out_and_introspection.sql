-- OpenID Connect sign-out and token introspection (issue 19): frontends (public clients) may call the end-session endpoint,
-- partners (confidential clients) the introspection endpoint. New clients get the permission when they are registered;
-- clients from configuration when the API starts; this gives it to the ones registered before. A client keeps its
-- concurrency token: OpenIddict compares it only to detect two writers, and this is not one of them.
update openiddict."OpenIddictApplications"
set "Permissions" = (coalesce("Permissions"::jsonb, '[]'::jsonb) || '["ept:end_session"]'::jsonb)::text
where "ClientType" = 'public' and not coalesce("Permissions"::jsonb @> '["ept:end_session"]'::jsonb, false);

update openiddict."OpenIddictApplications"
set "Permissions" = (coalesce("Permissions"::jsonb, '[]'::jsonb) || '["ept:introspection"]'::jsonb)::text
where "ClientType" = 'confidential' and not coalesce("Permissions"::jsonb @> '["ept:introspection"]'::jsonb, false);
