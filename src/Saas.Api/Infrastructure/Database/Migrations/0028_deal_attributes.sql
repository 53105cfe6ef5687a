-- What a CRM says of a deal beyond its amount (contract term, product line, new or renewal, the tenant's own fields), as
-- {"contract_months": 24, "product_line": "cloud"}: plans' deal rules pay by it. Checked against the tenant's declared
-- attributes when ingested; null for events without any.
alter table events add column attributes jsonb;
