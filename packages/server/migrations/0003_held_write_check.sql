-- The statement that sends a transaction's held writes (see PendingWrites) checks in SQL that
-- each touched its one row, failing through this function when one did not: on PostgreSQL
-- the COMMIT goes out right behind that statement, so only a failing statement can stop it.
CREATE OR REPLACE FUNCTION hearth_unwritten(part integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Held write % touched no row.', part USING ERRCODE = 'HW001';
END
$$;
