-- The daily points cap reads one member's entries of one day on every award. With an index
-- on the member and another on the day, the planner may pick the day's, and then walks every
-- entry the whole community earned that day for each award. One index on both answers it
-- exactly; it also serves every read by member alone, so that index goes. ANALYZE gives the
-- new expression index its statistics at once rather than at the next autovacuum.
CREATE INDEX IF NOT EXISTS ledger_member_day ON ledger (community, (data->'memberId'), (data->'day'));
DROP INDEX IF EXISTS ledger_member_id;
ANALYZE ledger;
