import type { QueryInterface } from 'sequelize';

/**
 * People and organizations. An organization is an account (`acct_`); a user (`user_`) belongs to
 * organizations through memberships with a role. Sessions, email tokens (verification, password
 * reset) and invitations store only the SHA-256 of their secret, never the secret itself.
 *
 * Emails are stored lowercased (one account per address, whatever its case). A session's organization
 * is not part of the session: each request names it (`Lumiku-Organization`) and the membership is read
 * then, so removing a member or changing a role takes effect on that member's next request.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL CHECK (email = lower(email)),
      name text NOT NULL,
      password_hash text NOT NULL,
      email_verified_at timestamptz,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_idx ON users (email);

    CREATE TABLE memberships (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      user_id text NOT NULL REFERENCES users(id),
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'billing', 'viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, user_id)
    );
    CREATE INDEX memberships_account_idx ON memberships (account_id, id DESC);
    CREATE INDEX memberships_user_idx ON memberships (user_id);

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      token_hash text NOT NULL UNIQUE,
      -- The synchronizer CSRF token: handed out in response bodies (never a cookie), required on unsafe methods.
      csrf_token text NOT NULL,
      user_agent text,
      ip text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);

    CREATE TABLE email_tokens (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      purpose text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
      token_hash text NOT NULL UNIQUE,
      -- Sealed with a key derived from the token (only the email holds it): the sign-up test key's secret.
      payload bytea,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

    CREATE TABLE invitations (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      email text NOT NULL CHECK (email = lower(email)),
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'billing', 'viewer')),
      token_hash text NOT NULL UNIQUE,
      invited_by text,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by text REFERENCES users(id),
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX invitations_account_idx ON invitations (account_id, id DESC);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS invitations;
    DROP TABLE IF EXISTS email_tokens;
    DROP TABLE IF EXISTS sessions;
    DROP TABLE IF EXISTS memberships;
    DROP TABLE IF EXISTS users;
  `);
}
