-- The recoverable draw balance a statement carries out to the next period (0 without a recoverable draw).
alter table statements add column draw_balance numeric(19, 4) not null default 0;
