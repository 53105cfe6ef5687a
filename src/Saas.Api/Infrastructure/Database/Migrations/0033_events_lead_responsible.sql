-- Who is responsible for each lead of a period (its owner and assignees before the period's end) was read by fetching every
-- event of each of the period's leads from the heap: at the statements benchmark's size 514 530 leads, 3.4 million buffers and
-- most of the 15 s the lead stages took (a statement run's and a progress reading's largest query). This index answers the
-- same probe from the index alone, 47 MB for 2 000 000 events (the created and assigned events that name someone).
-- Built in the migration's transaction: ingestion waits while it is built (a second for 2 000 000 events here).
create index events_lead_responsible on events (tenant_id, lead_id) include (employee_id, occurred_at)
    where type in ('lead.created', 'lead.assigned') and employee_id is not null;
