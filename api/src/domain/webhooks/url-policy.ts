import { parseAllowlist, type AddressPolicy } from '../files/address-policy';
import { FileError } from '../files/errors';
import { parseImportUrl, resolveAllowedAddress, type ResolvedAddress } from '../files/url-import';
import { ApiError } from '../../errors/api-error';

/**
 * Webhook URLs pass the same checks as URL imports (http(s), no credentials, every resolved address
 * public unless allowlisted by WEBHOOK_URL_ALLOWLIST). Checked when an endpoint is saved and again,
 * with the connection pinned to the checked address, at every delivery (DNS may change).
 */
let cached: { entries: readonly string[]; policy: AddressPolicy } | undefined;
export function webhookPolicy(entries: readonly string[]): AddressPolicy {
  if (cached?.entries !== entries) cached = { entries, policy: parseAllowlist(entries) };
  return cached.policy;
}

export async function checkWebhookUrl(raw: string, allowlist: readonly string[], path = 'url'): Promise<URL> {
  try {
    if (raw.length > 2048) throw new FileError('url_not_allowed', 'The url is longer than 2048 characters.');
    const url = parseImportUrl(raw);
    await resolveAllowedAddress(url, webhookPolicy(allowlist));
    return url;
  } catch (err) {
    if (err instanceof FileError) throw new ApiError(422, 'url_not_allowed', err.message.replace(/imported/g, 'used for webhooks'), { errors: [{ path, message: err.message }] });
    throw err;
  }
}

/** For the dispatcher: the address to connect to, or a reason not to. */
export async function resolveWebhookTarget(url: URL, allowlist: readonly string[]): Promise<ResolvedAddress> {
  return resolveAllowedAddress(url, webhookPolicy(allowlist));
}
