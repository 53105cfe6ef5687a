-- One person may belong to several companies (consultants, agencies, a partner's staff): an e-mail is unique within its
-- tenant only, so that an invitation's answer never depends on another tenant and nobody can take another company's
-- address first. A user row is one membership with its own password; the sign-in page asks which company when the
-- password opens more than one (ADR 0010). find_login (0002) already returns every row of an e-mail.
drop index users_email_unique;
create unique index users_email on users (tenant_id, lower(email));
-- find_login looks an e-mail up across tenants.
create index users_by_email on users (lower(email));
