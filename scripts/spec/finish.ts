/**
 * The last step of generating openapi/openapi.json, after tsoa and the webhooks section: makes the
 * document valid for the tools people point at it (Spectral's `oas` ruleset, Redocly's
 * `recommended`, ajv-based validators and mock servers) and true to what the server sends.
 */
import { normalizeOas30Schemas } from './oas30';
import { documentProblems } from './problems';
import { documentBinaryBodies } from './media';
import { documentEventStreams } from './streams';

type Json = Record<string, any>;

/**
 * The committed document names no host: `/` is "where this document was fetched from". The API
 * serves `/openapi.json` and `/docs` with its own address instead (api/src/docs/served-spec.ts).
 */
export const NEUTRAL_SERVERS = [{ url: '/', description: 'The server this document was fetched from (the API serves /openapi.json naming its own base URL).' }];

export const TRAILING_SLASH_NOTE =
  'Paths are matched exactly, without a trailing slash: `GET /v1/events/` is not `GET /v1/events` but a 404 `route_not_found` problem whose `detail` names the path without the slash. Nothing is redirected, so a client bug shows at once instead of costing a second request.';

/** Tags that are not job apps (an app's tag is described by its create operation's first sentence). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  Account: 'The account the API key belongs to: balance, plan, mode.',
  auth: 'Sign-up, sign-in, email verification, password reset and invitations for people (outside /v1): the dashboard\'s session cookie, which /v1 then accepts with Lumiku-Organization, Lumiku-Mode and Lumiku-CSRF-Token.',
  'API keys': 'Keys that authenticate requests, with scopes and an optional credit quota; a key is shown once.',
  'Audit events': 'Who did what to the organization (keys, members, webhook endpoints, sign-ins): append-only, without secrets.',
  Credits: 'The credit ledger: every reservation, capture, release and grant (live mode only).',
  Events: 'Every state change as an event object, as webhooks deliver it; list, retrieve and resend.',
  Files: 'Uploaded, imported and job-made files: the inputs and outputs of jobs.',
  Invitations: 'Invitations to join the organization: an emailed link that works once, for 7 days.',
  Jobs: 'Every job of every app in one list, and a job\'s progress and events as a stream.',
  Members: 'The people of the organization and their roles (each role a set of scopes).',
  Models: 'The AI models the apps can use, and whether each is available here.',
  Organization: 'The organization\'s settings: name and billing email.',
  Poses: 'The pose library (keypoints, categories, previews) for pose generations.',
  Prices: 'The price catalogue: what each app costs in credits.',
  Usage: 'Credits charged and refunded and jobs run, per day or month (UTC), by app, API key or status.',
  'Webhook endpoints': 'URLs that receive signed events, with their secrets and delivery attempts.',
  Webhooks: 'The requests this API sends to webhook endpoints (signed per Standard Webhooks).',
};

const firstSentence = (text: string) => (/^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim()).replace(/\s+/g, ' ');

function addTags(spec: Json) {
  const names = new Map<string, string | undefined>();
  for (const section of [spec.paths, spec['x-webhooks']])
    for (const item of Object.values<Json>(section ?? {}))
      for (const [method, operation] of Object.entries<Json>(item))
        for (const tag of operation?.tags ?? []) if (!names.get(tag)) names.set(tag, method === 'post' && operation.description ? firstSentence(operation.description) : undefined);
  spec.tags = [...names].sort(([a], [b]) => a.localeCompare(b)).map(([name, fromCreate]) => {
    const description = TAG_DESCRIPTIONS[name] ?? fromCreate;
    return description ? { name, description } : { name };
  });
}

export function finishSpec(spec: Json): Json {
  normalizeOas30Schemas(spec);
  documentProblems(spec);
  documentBinaryBodies(spec);
  documentEventStreams(spec);
  spec.servers = NEUTRAL_SERVERS;
  addTags(spec);
  const description = String(spec.info?.description ?? '');
  if (!description.includes(TRAILING_SLASH_NOTE)) spec.info.description = `${description}\n\n${TRAILING_SLASH_NOTE}`.trim();
  // Keys in a stable, conventional order, so the file reads top-down.
  const order = ['openapi', 'info', 'servers', 'tags', 'paths', 'x-webhooks', 'components'];
  return Object.fromEntries([...order.filter((k) => k in spec).map((k) => [k, spec[k]]), ...Object.entries(spec).filter(([k]) => !order.includes(k))]);
}
