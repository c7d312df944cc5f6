-- Access settings an operator manages from the console (docs/server.md#access-settings): the
-- origins allowed to embed a community, its sign-in (SSO) secret with the one rotated out and
-- until when it is still accepted, a key set (JWKS) URL with issuer and audience checks, and
-- admin API keys, kept only as SHA-256 digests. `revision` goes up with every change (keys
-- included), so each instance's cached copy can tell it is stale.
CREATE TABLE access_settings (
  community text COLLATE "C" PRIMARY KEY,
  origins jsonb NOT NULL DEFAULT '[]'::jsonb,
  sso_secret text,
  sso_secret_created_at bigint,
  sso_previous_secret text,
  sso_previous_expires_at bigint,
  jwks_url text,
  jwks_issuer text,
  jwks_audience text,
  revision bigint NOT NULL DEFAULT 0
);

CREATE TABLE admin_keys (
  community text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  key_hash text COLLATE "C" NOT NULL,
  idempotency_key text COLLATE "C",
  created_at bigint NOT NULL,
  created_by text,
  last_used_at bigint,
  PRIMARY KEY (community, id),
  UNIQUE (community, name),
  UNIQUE (key_hash)
);
