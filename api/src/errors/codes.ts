/**
 * Every `code` the API can send, with its HTTP status and a one-line meaning. Clients branch on
 * `code`; the list is published in the docs and must only grow.
 */
export const ERROR_CODES = {
  invalid_json: [400, 'The body is not valid JSON, or nests objects and arrays more than 32 levels deep.'],
  invalid_request: [400, 'The request is malformed (headers, query or multipart framing).'],
  missing_api_key: [401, 'No API key was sent: use `Authorization: Bearer lk_…`.'],
  invalid_api_key: [401, 'The API key is unknown or malformed.'],
  api_key_revoked: [401, 'The API key was revoked.'],
  invalid_credentials: [401, 'The email or password is wrong (the answer does not say which).'],
  invalid_session: [401, 'No valid session: the cookie is missing, unknown, expired or signed out; sign in again.'],
  invalid_metrics_token: [401, '`/metrics` needs `Authorization: Bearer <METRICS_TOKEN>` on this deployment.'],
  insufficient_credits: [402, 'The account balance does not cover the price.'],
  key_quota_exceeded: [402, "The API key's credit quota for its period is used up."],
  account_restricted: [402, 'The organization is restricted: a refund or dispute took its balance below zero. New jobs are refused until a purchase makes the balance positive again.'],
  insufficient_scope: [403, 'The API key lacks the scope this operation needs.'],
  api_key_exceeds_caller: [403, "The API key to create or revoke would hold scopes or a credit quota beyond the calling key's."],
  invalid_signature: [403, 'The signed download URL is malformed or its signature does not match.'],
  url_expired: [403, 'The signed download URL has expired; retrieve the file again for a fresh `url`.'],
  csrf_failed: [403, 'A session-authenticated request with an unsafe method lacked the `Lumiku-CSRF-Token` header of its session, or sent another one.'],
  email_not_verified: [403, 'Live mode with a session needs a verified email address; follow the link in the verification email.'],
  owner_required: [403, 'Only an owner may grant or take away the owner role, or remove an owner.'],
  invitation_email_mismatch: [403, 'The invitation was sent to another email address than the signed-in person\'s.'],
  livemode_mismatch: [403, 'A test-mode key tried to act on live-mode resources (or the reverse).'],
  resource_not_found: [404, 'No such object for this account and mode.'],
  route_not_found: [404, 'No such path.'],
  method_not_allowed: [405, 'The path exists but not with this method.'],
  last_owner: [409, 'The change would leave the organization without an owner.'],
  endpoint_disabled: [409, 'The webhook endpoint is disabled: enable it (PATCH `enabled: true`) before sending it a test event.'],
  already_member: [409, 'The person is already a member of this organization.'],
  link_invalid: [400, 'The link (verification, password reset or invitation) is not one we issued; ask for a new one.'],
  link_expired: [410, 'The link has expired; ask for a new one.'],
  link_used: [410, 'The link was already used; links work once.'],
  direct_upload_needs_s3: [409, 'Direct uploads (POST /v1/files/uploads) need S3 storage; this deployment stores files locally: upload with POST /v1/files instead.'],
  upload_not_open: [409, 'The direct upload is not open: it was aborted, has failed or expired (start a new one), or it is completed or being completed (nothing to abort).'],
  idempotency_conflict: [409, 'The Idempotency-Key was used with a different request.'],
  idempotency_in_progress: [409, 'A request with this Idempotency-Key is still running; retry shortly.'],
  payload_too_large: [413, 'The body (or upload) is over the size cap.'],
  unsupported_media_type: [415, 'The body or uploaded content has a type this endpoint does not take.'],
  range_not_satisfiable: [416, 'The requested byte range is outside the file.'],
  file_not_found: [422, 'A file the request names does not exist in this account and mode.'],
  external_id_conflict: [409, 'Another job of this account and mode already has this external_id.'],
  too_many_variants: [422, 'More video mix variants than distinct clip sequences exist; the detail says the maximum.'],
  too_many_sets: [422, 'More unique carousel sets than distinct combinations exist; the detail says the maximum.'],
  validation_failed: [422, 'One or more fields are invalid; see `errors`.'],
  url_not_allowed: [422, 'The URL is not allowed (scheme, or resolves to a private, loopback or metadata address).'],
  import_failed: [422, 'The URL could not be fetched (status, timeout, size or redirects).'],
  file_unprocessable: [422, 'The file could not be read as the media type it claims.'],
  catalogue_item_not_found: [422, 'The credit pack or plan is not in the catalogue (GET /v1/credit_packs, GET /v1/plans), or cannot be bought through the gateway asked for.'],
  model_not_found: [422, 'The `model` is not in the model registry for this app (see GET /v1/models).'],
  model_not_allowed: [403, "The account's plan may not use this model's tier."],
  model_unavailable: [422, 'The model is disabled, or its provider is not configured on this deployment.'],
  prompt_blocked: [422, 'The prompt contains a word or phrase on the blocklist.'],
  avatar_not_found: [422, 'The `avatar_id` names no avatar in this account and mode.'],
  avatar_not_ready: [422, 'The avatar has no image yet (its job has not succeeded).'],
  rate_limited: [429, 'Too many requests for this key; see Retry-After.'],
  internal_error: [500, 'An unexpected error; the request id identifies it in our logs.'],
  webhook_backend_unavailable: [503, 'The webhook delivery service (Svix) could not be reached; nothing was changed, retry later.'],
  billing_not_configured: [503, 'Buying is not set up on this deployment: no payment gateway (Stripe or Duitku) is configured.'],
  payment_gateway_unavailable: [503, 'The payment gateway could not be reached or refused the call; nothing was charged, retry later.'],
  service_unavailable: [503, 'A dependency (database, Redis, storage) is unavailable; retry later.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The published error reference (ERROR_DOCS_BASE_URL overrides it): one anchor per code. */
export const DEFAULT_ERROR_DOCS_BASE_URL = 'https://docs.lumiku.dev/errors';

/** A problem's `type`: the code's anchor in the error reference. */
export const problemType = (code: ErrorCode, base: string = DEFAULT_ERROR_DOCS_BASE_URL) => `${base.replace(/[#/]+$/, '')}#${code}`;
