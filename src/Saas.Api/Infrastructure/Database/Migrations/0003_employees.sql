-- Employees, the ids CRMs know them by, and the open positions of a team described in words.

-- An employee is never deleted: statements and events refer to them after they leave. Deactivation sets
-- status 'inactive' and the last day of employment, which proration reads.
create table employees (
    tenant_id   uuid           not null references tenants (id),
    id          uuid           not null,
    full_name   text           not null,
    email       text,
    role        text           not null,
    department  text           not null,
    team_id     uuid,
    base_salary numeric(19, 4) not null check (base_salary >= 0),
    currency    char(3)        not null,
    start_date  date,
    end_date    date,
    status      text           not null default 'active' check (status in ('active', 'inactive')),
    version     integer        not null default 1,
    created_at  timestamptz    not null default now(),
    updated_at  timestamptz    not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, team_id) references teams (tenant_id, id),
    check (end_date is null or start_date is null or end_date >= start_date)
);
create unique index employees_email_unique on employees (tenant_id, lower(email)) where email is not null;
create index employees_team on employees (tenant_id, team_id) where team_id is not null;
select enable_tenant_isolation('employees');

-- One id per employee per external system ("amocrm": "1234"); an id names one employee per system, so that
-- an event can name the employee by either id.
create table employee_external_ids (
    tenant_id   uuid not null,
    employee_id uuid not null,
    system      text not null,
    external_id text not null,
    primary key (tenant_id, system, external_id),
    unique (tenant_id, employee_id, system),
    foreign key (tenant_id, employee_id) references employees (tenant_id, id) on delete cascade
);
select enable_tenant_isolation('employee_external_ids');

-- Headcount a team plans per role ("три менеджера по продажам") before, or while, people fill it.
create table team_positions (
    tenant_id   uuid    not null,
    team_id     uuid    not null,
    role        text    not null,
    headcount   integer not null check (headcount > 0),
    primary key (tenant_id, team_id, role),
    foreign key (tenant_id, team_id) references teams (tenant_id, id) on delete cascade
);
select enable_tenant_isolation('team_positions');

alter table users add foreign key (tenant_id, employee_id) references employees (tenant_id, id);
