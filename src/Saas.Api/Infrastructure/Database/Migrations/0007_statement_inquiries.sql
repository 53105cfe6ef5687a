-- An employee's questions about their statement and the answers, kept with the employee's statement for the period
-- so that the thread survives new revisions.
create table statement_inquiries (
    tenant_id     uuid        not null references tenants (id),
    id            uuid        not null,
    employee_id   uuid        not null,
    period        text        not null,
    statement_id  uuid        not null,
    component_id  text,
    status        text        not null default 'open' check (status in ('open', 'answered')),
    created_at    timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, statement_id) references statements (tenant_id, id)
);
create index statement_inquiries_by_statement on statement_inquiries (tenant_id, employee_id, period);
select enable_tenant_isolation('statement_inquiries');

create table statement_inquiry_messages (
    tenant_id    uuid        not null references tenants (id),
    id           bigint      generated always as identity,
    inquiry_id   uuid        not null,
    author       text,
    author_role  text        not null,
    text         text        not null,
    at           timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, inquiry_id) references statement_inquiries (tenant_id, id)
);
select enable_tenant_isolation('statement_inquiry_messages');
