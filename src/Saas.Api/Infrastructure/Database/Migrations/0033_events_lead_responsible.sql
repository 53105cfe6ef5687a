-- Who is responsible for each lead of a period (its owner and assignees before the period's end) was read by fetching every
-- event of each of the period's leads from the heap: for the progress benchmark's month (2 000 000 events, 514 530 leads)
-- 3.4 million buffers and most of the 15 s the lead stages took (a statement run's and a progress reading's largest query).
-- This index answers the same probe from the index alone once the rows are all-visible; it held 47 MB there (the created
-- and assigned events that name someone). Built in the migration's transaction: ingestion waits while it is built (a second
-- for 2 000 000 events there).
create index events_lead_responsible on events (tenant_id, lead_id) include (employee_id, occurred_at)
    where type in ('lead.created', 'lead.assigned') and employee_id is not null;
