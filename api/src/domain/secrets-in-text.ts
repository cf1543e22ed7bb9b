/**
 * Secrets that may hide inside free text (an error message, a URL, a user agent): API keys, webhook
 * secrets, session tokens, gateway keys, bearer credentials, and the signatures and credentials of
 * signed URLs (ours and S3's presigned ones). Group 1 of each is what may be shown: the kind of secret.
 * The logs and the audit log both redact with this one list.
 */
const SECRETS_IN_TEXT: readonly RegExp[] = [
  /\b(lk_(?:live|test)_)[A-Za-z0-9_-]+/g,
  /\b(whsec_)[A-Za-z0-9+/=_-]+/g,
  /\b(lks_)[A-Za-z0-9_-]+/g,
  /\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]+/g,
  /([?&](?:signature|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|token|sig)=)[^&\s"']*/gi,
  /(Bearer\s+)[^\s"',]+/gi,
];

/**
 * What every pattern above needs somewhere in the text (`lk_`, `whsec_`, `lks_`, `sk_`/`rk_`, `=`,
 * `Bearer` and a space): text without any of them holds no secret, and is returned after one test
 * instead of six replacements (every log line's strings go through here).
 */
const MAY_HOLD_SECRET = /lks?_|whsec_|[sr]k_|=|bearer\s/i;

export const REDACTED = '[redacted]';

/** `text` with every secret in it replaced: by its kind and `[redacted]` (`lk_live_[redacted]`), or whole. */
export function redactSecretsInText(text: string, opts: { keepKind: boolean }): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const re of SECRETS_IN_TEXT) out = out.replace(re, opts.keepKind ? `$1${REDACTED}` : REDACTED);
  return out;
}
