-- The token service runs on OpenIddict (issue 19, ADR 0016): codes, refresh tokens and the sign-ins they belong to are
-- OpenIddict's tokens and authorizations (schema openiddict, created by 0022). The hand-written service's tables go.
--
-- Refresh tokens issued before this migration are not carried over: a session in the old tables has no OpenIddict
-- authorization, and its refresh token was a random value of the old format. Users of a frontend sign in again once
-- (README, "Upgrading"). Access tokens issued before it stop too, since their session is gone: at most ten minutes early.
drop table authorization_codes;
drop table refresh_tokens;
drop table sessions;
