-- A list of plans reads only what it shows (issue 18's reads guard): the months a plan pays by are kept beside its
-- document, at the top of the plan's JSON, where a projection reaches them without reading the document or the
-- generator's explanation. Plans stored before get them from their document. The owner is subject to the table's forced
-- policy, and one statement updates every tenant's plans, so it is lifted for the update (as in 0020).
alter table documents.mt_doc_plan no force row level security;
update documents.mt_doc_plan
set data = jsonb_set(data, '{periods}', coalesce(data #> '{document,periods}', '[]'::jsonb))
where not data ? 'periods';
alter table documents.mt_doc_plan force row level security;
