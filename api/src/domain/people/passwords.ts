import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '../../errors/api-error';

/**
 * Passwords: argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1), and a check that refuses
 * short and common ones. Hashes carry their parameters (PHC string), so raising them later only
 * needs `needsRehash` on sign-in.
 */
export const ARGON2_PARAMS = { algorithm: 2 as Algorithm /* Argon2id (a const enum in the package's types) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const PHC_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`;

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing it is not a way to spend our CPU. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Verified against when the email is unknown, so an unknown email costs the same argon2 work as a
 * wrong password (no timing difference to enumerate accounts by). Its password is nobody's.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$u+pBC1GcR7iWrCWDEwePFQ$Iwfpxvxb3qUPMLD6/NncNcJYm0juPuHpE6md/o3gQ60';

/**
 * The bundled list of common passwords (about 49,000, from the zxcvbn-ts project's common language
 * package: leaked-password frequency lists), lowercased. A pure constant built once at load.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = buildCommonSet();
function buildCommonSet(): ReadonlySet<string> {
  return new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
}

export const hashPassword = (password: string) => hash(password, ARGON2_PARAMS);

/** Whether `password` matches `stored`; with no stored hash (unknown email) it does the same work and answers false. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    const ok = await verify(stored ?? DUMMY_HASH, password);
    return stored !== null && ok;
  } catch {
    return false;
  }
}

/** A hash made with other parameters than today's (rehash it on the next successful sign-in). */
export const needsRehash = (stored: string) => !stored.startsWith(PHC_PREFIX);

/** Why `password` is refused (empty when it is acceptable), as `errors[]` entries at `path`. */
export function passwordProblems(password: string, opts: { path?: string; email?: string } = {}): FieldError[] {
  const path = opts.path ?? 'password';
  if (password.length < PASSWORD_MIN_LENGTH) return [{ path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters (got ${password.length})` }];
  if (password.length > PASSWORD_MAX_LENGTH) return [{ path, message: `must be at most ${PASSWORD_MAX_LENGTH} characters` }];
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return [{ path, message: 'is one of the most common passwords; choose another' }];
  if (/^(.)\1*$/.test(password)) return [{ path, message: 'must not be one character repeated' }];
  const local = opts.email?.split('@')[0]?.toLowerCase();
  if (opts.email && (lower === opts.email.toLowerCase() || (local && local.length >= 4 && lower === local))) return [{ path, message: 'must not be your email address' }];
  return [];
}
