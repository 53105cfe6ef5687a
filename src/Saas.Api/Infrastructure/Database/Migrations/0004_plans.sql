-- Bonus plans: one jsonb document per plan (Saas.Engine's PlanDocument), edited as a draft, then activated
-- from a date. Every saved document is kept in plan_revisions, so what a statement was computed from stays known.

create table plans (
    tenant_id       uuid        not null references tenants (id),
    id              uuid        not null,
    name            text        not null,
    status          text        not null default 'draft' check (status in ('draft', 'active', 'retired')),
    document        jsonb       not null,
    -- 'manual' (written by hand) or 'generated' (by the assistant, with its explanation in generation).
    source          text        not null check (source in ('manual', 'generated')),
    generation      jsonb,
    -- In force from effective_from to effective_to (inclusive; null: to the end of the plan's last period).
    effective_from  date,
    effective_to    date,
    version         integer     not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    activated_at    timestamptz,
    primary key (tenant_id, id),
    check ((status = 'draft') = (effective_from is null)),
    check (effective_to is null or effective_to >= effective_from - 1)
);
create index plans_status on plans (tenant_id, status);
select enable_tenant_isolation('plans');

create table plan_revisions (
    tenant_id   uuid        not null,
    plan_id     uuid        not null,
    version     integer     not null,
    document    jsonb       not null,
    changed_by  text,
    changed_at  timestamptz not null default now(),
    primary key (tenant_id, plan_id, version),
    foreign key (tenant_id, plan_id) references plans (tenant_id, id) on delete cascade
);
select enable_tenant_isolation('plan_revisions');
