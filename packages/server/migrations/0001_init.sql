-- Hearth schema, version 1. Runs unchanged on PGlite and PostgreSQL.
-- Every table leads its primary key with `community`; every query filters on it.
-- Ids are `COLLATE "C"` so ordering by id is code-unit order, as in the memory store.

CREATE TABLE threads (
  community text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  locked boolean NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (community, id),
  UNIQUE (community, key)
);

CREATE TABLE posts (
  community text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  thread_id text COLLATE "C" NOT NULL,
  parent_id text COLLATE "C",
  root_id text COLLATE "C",
  depth integer NOT NULL,
  reply_to jsonb,
  body text NOT NULL,
  author jsonb NOT NULL,
  created_at bigint NOT NULL,
  edited_at bigint,
  status text NOT NULL,
  reactions jsonb NOT NULL DEFAULT '{}'::jsonb,
  score integer NOT NULL DEFAULT 0,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (community, id)
);
-- listRoots: `oldest` forwards, `newest` backwards, `top` by (-score, created_at, seq).
CREATE INDEX posts_roots_by_time ON posts (community, thread_id, created_at, seq) WHERE parent_id IS NULL;
CREATE INDEX posts_roots_by_score ON posts (community, thread_id, (-score), created_at, seq) WHERE parent_id IS NULL;
-- listDescendants.
CREATE INDEX posts_descendants ON posts (community, root_id, created_at, seq) WHERE root_id IS NOT NULL;
-- countPosts.
CREATE INDEX posts_status ON posts (community, thread_id, status);

CREATE TABLE reactions (
  community text COLLATE "C" NOT NULL,
  post_id text COLLATE "C" NOT NULL,
  member_id text COLLATE "C" NOT NULL,
  emoji text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (community, post_id, member_id, emoji)
);

CREATE TABLE idempotency (
  community text COLLATE "C" NOT NULL,
  actor_id text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  fingerprint text NOT NULL,
  post_id text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (community, actor_id, key)
);

-- Secrets shared by every instance on this database (guest-token signing).
CREATE TABLE hearth_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);

-- One table per generic collection: the whole record as jsonb, plus expression indexes
-- on the fields the engine looks records up by (`data->'field' = $n::jsonb`).

CREATE TABLE settings (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));

CREATE TABLE members (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));

CREATE TABLE spaces (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));

CREATE TABLE activity (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX activity_day ON activity (community, (data->'day'));
CREATE INDEX activity_member_id ON activity (community, (data->'memberId'));

CREATE TABLE openers (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));

CREATE TABLE feed_posts (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX feed_posts_space_id ON feed_posts (community, (data->'spaceId'));
CREATE INDEX feed_posts_author_id ON feed_posts (community, (data->'authorId'));

CREATE TABLE feed_reactions (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX feed_reactions_post_id ON feed_reactions (community, (data->'postId'));

CREATE TABLE answers (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX answers_question_id ON answers (community, (data->'questionId'));

CREATE TABLE votes (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX votes_target_id ON votes (community, (data->'targetId'));

CREATE TABLE bounties (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX bounties_question_id ON bounties (community, (data->'questionId'));

CREATE TABLE polls (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));

CREATE TABLE ballots (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX ballots_poll_id ON ballots (community, (data->'pollId'));

CREATE TABLE feedback (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX feedback_space_id ON feedback (community, (data->'spaceId'));
CREATE INDEX feedback_author_id ON feedback (community, (data->'authorId'));

CREATE TABLE feedback_votes (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX feedback_votes_feedback_id ON feedback_votes (community, (data->'feedbackId'));

CREATE TABLE feedback_updates (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX feedback_updates_feedback_id ON feedback_updates (community, (data->'feedbackId'));

CREATE TABLE reports (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX reports_ref ON reports (community, (data->'ref'));

CREATE TABLE moderation_queue (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));

CREATE TABLE audit (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX audit_target ON audit (community, (data->'target'));

CREATE TABLE ledger (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX ledger_member_id ON ledger (community, (data->'memberId'));
CREATE INDEX ledger_day ON ledger (community, (data->'day'));

CREATE TABLE badges (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX badges_member_id ON badges (community, (data->'memberId'));

CREATE TABLE checkins (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE INDEX checkins_member_id ON checkins (community, (data->'memberId'));
