-- Issue 24: the milestones of progress during a period that were announced (webhook event progress.milestone), so that each is
-- announced once per employee, period, plan, component, kind and level, however many instances look. A row records the highest
-- level announced; a lower level reached again later (a refunded deal, then a new one) is not announced again.
create table progress_milestones (
    tenant_id     uuid        not null references tenants (id),
    employee_id   uuid        not null,
    period        text        not null,
    plan_id       uuid        not null,
    component_id  text        not null,
    kind          text        not null check (kind in ('step_reached', 'behind_pace')),
    level         integer     not null check (level >= 0),
    reached_at    timestamptz not null default now(),
    primary key (tenant_id, employee_id, period, plan_id, component_id, kind, level)
);
select enable_tenant_isolation('progress_milestones');
