-- Browser frontends call the API from their own origins (CORS). A public client lists the origins allowed to; partners
-- name them at registration, by default the origins of the redirect URIs. Clients registered before get the https
-- origins of their redirect URIs (a browser's Origin: lower case, without the default port).
alter table oauth_clients add column allowed_origins text[] not null default '{}';

update oauth_clients c set allowed_origins = coalesce((
        select array_agg(distinct regexp_replace(substring(lower(uri) from '^https://[^/?#]+'), ':443$', ''))
        from unnest(c.redirect_uris) as uri
        where uri ~* '^https://[^/?#@]+'), '{}')
where kind = 'public';
