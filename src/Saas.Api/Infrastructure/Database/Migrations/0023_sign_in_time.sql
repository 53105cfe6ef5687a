-- An ID token's auth_time is when the user entered their password (OpenID Connect Core §2), and a refreshed ID token
-- reports that same time (§12.2). It used to be the time each ID token was issued. The sign-in time now travels from
-- the code to the session it opens.
--
-- A code lives 60 seconds from its sign-in, so the codes and sessions of before this migration take the time they were
-- made: at most that minute later than the sign-in they answer. The token service always names the time; the default,
-- like created_at's, is for rows written by hand. The owner running this is subject to both tables'
-- forced policies, and each update is one statement over every tenant, so they are lifted for this transaction only.
alter table authorization_codes no force row level security;
alter table sessions no force row level security;

alter table authorization_codes add column authenticated_at timestamptz not null default now();
update authorization_codes set authenticated_at = expires_at - interval '60 seconds';

alter table sessions add column authenticated_at timestamptz not null default now();
update sessions set authenticated_at = created_at;

alter table authorization_codes force row level security;
alter table sessions force row level security;
