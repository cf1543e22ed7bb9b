import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { DomainError } from '../errors';
import { newId } from '../ids';
import { PEOPLE_ID_PREFIX } from './ids';
import { hashToken, randomToken } from './tokens';

export type EmailTokenPurpose = 'verify_email' | 'password_reset';

/** How long each kind of link works. */
export const EMAIL_TOKEN_TTL_HOURS: Record<EmailTokenPurpose, number> = { verify_email: 72, password_reset: 1 };

/** A link that cannot be used: not ours (`link_invalid`), too old (`link_expired`) or already used (`link_used`). */
export class LinkError extends DomainError {
  constructor(readonly code: 'link_invalid' | 'link_expired' | 'link_used', detail: string) {
    super(detail);
  }
}

export function linkError(state: 'invalid' | 'expired' | 'used', what: string): LinkError {
  if (state === 'expired') return new LinkError('link_expired', `This ${what} link has expired; ask for a new one.`);
  if (state === 'used') return new LinkError('link_used', `This ${what} link was already used; links work once.`);
  return new LinkError('link_invalid', `This ${what} link is not valid; check that it was copied whole, or ask for a new one.`);
}

/** Issues a single-use token for a person; returns the token (for the email; only its hash is stored). */
export async function issueEmailToken(db: Sequelize, input: { userId: string; purpose: EmailTokenPurpose; payload?: (token: string) => Buffer }, t?: Transaction): Promise<string> {
  const token = randomToken();
  await db.query(
    `INSERT INTO email_tokens (id, user_id, purpose, token_hash, payload, expires_at)
     VALUES (:id, :userId, :purpose, :hash, :payload, now() + make_interval(hours => :ttl))`,
    {
      replacements: {
        id: newId(PEOPLE_ID_PREFIX.emailToken),
        userId: input.userId,
        purpose: input.purpose,
        hash: hashToken(token),
        payload: input.payload?.(token) ?? null,
        ttl: EMAIL_TOKEN_TTL_HOURS[input.purpose],
      },
      transaction: t,
    },
  );
  return token;
}

/**
 * Uses a token once (in `t`): the conditional update on `used_at IS NULL` is the guard, so two
 * concurrent uses cannot both succeed. Throws a `LinkError` saying why it cannot be used. Returns
 * the person and the payload (cleared in the same statement: it can be read once).
 */
export async function consumeEmailToken(db: Sequelize, token: string, purpose: EmailTokenPurpose, t: Transaction): Promise<{ userId: string; payload: Buffer | null }> {
  const what = purpose === 'verify_email' ? 'verification' : 'password reset';
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw linkError('invalid', what);
  const hash = hashToken(token);
  const used = await db.query<{ user_id: string; payload: Buffer | null }>(
    `UPDATE email_tokens e SET used_at = now(), payload = NULL
       FROM (SELECT id, payload FROM email_tokens WHERE token_hash = :hash AND purpose = :purpose FOR UPDATE) old
      WHERE e.id = old.id AND e.used_at IS NULL AND e.expires_at > now()
     RETURNING e.user_id, old.payload`,
    { replacements: { hash, purpose }, type: QueryTypes.SELECT, transaction: t },
  );
  if (used[0]) return { userId: used[0].user_id, payload: used[0].payload };
  const [row] = await db.query<{ used_at: Date | null; expires_at: Date }>(`SELECT used_at, expires_at FROM email_tokens WHERE token_hash = :hash AND purpose = :purpose`, {
    replacements: { hash, purpose },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  throw linkError(!row ? 'invalid' : row.used_at ? 'used' : 'expired', what);
}

/** Retires a person's other unused tokens of a purpose (a password reset ends earlier reset links). */
export async function retireEmailTokens(db: Sequelize, userId: string, purpose: EmailTokenPurpose, t?: Transaction): Promise<void> {
  await db.query(`UPDATE email_tokens SET used_at = now(), payload = NULL WHERE user_id = :userId AND purpose = :purpose AND used_at IS NULL`, { replacements: { userId, purpose }, transaction: t });
}
