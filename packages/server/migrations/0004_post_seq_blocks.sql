-- A post's seq (its tie-break after created_at) is no longer assigned by the insert: the
-- server takes a block of values at a time from this sequence and hands them out itself
-- (SqlStore), so a comment's insert needs no RETURNING and goes out with the transaction's
-- other writes, one round trip fewer. The first block starts above every seq given so far.
-- A row inserted by hand without a seq still gets one: the start of a block of its own.
ALTER TABLE posts ALTER COLUMN seq DROP IDENTITY;
CREATE SEQUENCE post_seqs INCREMENT BY 1000 MINVALUE 1;
SELECT setval('post_seqs', (SELECT coalesce(max(seq), 0) + 1 FROM posts), false);
ALTER TABLE posts ALTER COLUMN seq SET DEFAULT nextval('post_seqs');
