/**
 * Error responses as the server sends them: `application/problem+json` (RFC 9457), documented once.
 *
 * tsoa writes each `@Response<Problem>(status, why)` as its own `application/json` response. Here
 * every one becomes a reference to a shared response (`#/components/responses/<Reason>`, one per
 * status, listing the catalogue's codes for it), the operation's own reasons move into its
 * description, and every operation gets `default` (any other problem: 401, 429, 500, 503, …). The
 * `Problem` schema's `code` is the catalogue (`api/src/errors/codes.ts`).
 */
import { STATUS_CODES } from 'node:http';
import { DEFAULT_ERROR_DOCS_BASE_URL, ERROR_CODES } from '../../api/src/errors/codes';

type Json = Record<string, any>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/Problem';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `Unprocessable Entity` → `UnprocessableEntity`; the name of a status's shared response. */
export function responseName(status: string): string {
  if (status === 'default') return 'Problem';
  return (STATUS_CODES[Number(status)] ?? `Status${status}`).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase());
}

const codesFor = (status: number) => Object.entries(ERROR_CODES as Record<string, readonly [number, string]>).filter(([, [s]]) => s === status);

/** Headers that come with a status (besides `X-Request-Id`, which every response has). */
const HEADERS: Record<string, Record<string, Json>> = {
  '401': { 'WWW-Authenticate': { description: 'Always `Bearer realm="lumiku"`.', schema: { type: 'string' } } },
  '405': { Allow: { description: 'The methods the path takes.', schema: { type: 'string' } } },
  '416': { 'Content-Range': { description: '`bytes */<size>`: the file\'s length.', schema: { type: 'string' } } },
  '429': { 'Retry-After': { description: 'Seconds until the key may send again.', schema: { type: 'integer' } } },
  '503': { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
};

function example(status: number, code: string, meaning: string): Json {
  const doc: Json = {
    type: `${DEFAULT_ERROR_DOCS_BASE_URL}#${code}`,
    title: meaning,
    status,
    detail: code === 'validation_failed' ? 'Invalid request: duration_seconds: must be at least 1.' : meaning,
    code,
    request_id: 'req_3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f',
    instance: '/v1/loops',
  };
  if (code === 'validation_failed') doc.errors = [{ path: 'duration_seconds', message: 'must be at least 1' }];
  return doc;
}

/** The shared response of one status (or `default`). */
function sharedResponse(status: string): Json {
  const reason = STATUS_CODES[Number(status)];
  const codes = status === 'default' ? [] : codesFor(Number(status));
  const list = codes.map(([code, [, meaning]]) => `- \`${code}\`: ${meaning}`).join('\n');
  const description =
    status === 'default'
      ? 'Any other error (for example `missing_api_key` 401, `rate_limited` 429, `internal_error` 500, `service_unavailable` 503): a problem document whose `code` says which.'
      : `${reason}: a problem document${codes.length ? ` whose \`code\` is one of:\n${list}` : ''}`;
  const [code, [, meaning]] = codes[0] ?? ['internal_error', ERROR_CODES.internal_error];
  const media: Json = { schema: { $ref: PROBLEM_REF }, example: example(status === 'default' ? 500 : Number(status), code, meaning) };
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' }, ...(HEADERS[status] ?? {}) },
    content: { [PROBLEM_MEDIA_TYPE]: media },
  };
}

const isProblem = (response: Json) => {
  const content = response?.content ?? {};
  const types = Object.keys(content);
  return types.length > 0 && types.every((t) => content[t]?.schema?.$ref === PROBLEM_REF);
};

/** The Problem schema, tightened to what is sent: an integer status, a catalogued code, a URI type. */
function tightenProblemSchema(spec: Json) {
  const problem = spec.components?.schemas?.Problem;
  if (!problem?.properties) throw new Error('problems: no Problem schema (is it still referenced by the controllers?)');
  const p = problem.properties;
  problem.description = 'An RFC 9457 problem document (`application/problem+json`), the body of every error response.';
  p.type = { type: 'string', format: 'uri', description: 'The error reference page of this `code` (`<ERROR_DOCS_BASE_URL>#<code>`).' };
  p.title = { type: 'string', description: 'What the code means, in one line.' };
  p.status = { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated.' };
  p.detail = { type: 'string', description: 'What went wrong with this request, for people.' };
  p.code = { type: 'string', enum: Object.keys(ERROR_CODES), description: 'Stable, snake_case: what clients branch on (the catalogue is `api/src/errors/codes.ts`, published in the error reference).' };
  p.request_id = { type: 'string', description: 'The `X-Request-Id` of this response.' };
  p.instance = { type: 'string', description: 'The path that was requested.' };
  if (p.errors) p.errors.description = 'For `validation_failed`: each invalid field, `path` naming it (`clips`, `slides[0].images`, `query.limit`).';
}

export function documentProblems(spec: Json): void {
  tightenProblemSchema(spec);
  spec.components.headers = { ...spec.components.headers, 'X-Request-Id': { description: 'The request id (`req_…`), on every response; quote it when asking for help.', schema: { type: 'string' } } };
  const used = new Set<string>(['default']);
  for (const item of Object.values<Json>(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const reasons: string[] = [];
      for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
        if (!/^[45]\d\d$/.test(status) || !isProblem(response)) continue;
        if (response.description) reasons.push(`- ${status}: ${response.description}`);
        operation.responses[status] = { $ref: `#/components/responses/${responseName(status)}` };
        used.add(status);
      }
      operation.responses.default = { $ref: '#/components/responses/Problem' };
      if (reasons.length) operation.description = `${operation.description ?? ''}\n\nErrors (\`${PROBLEM_MEDIA_TYPE}\`; every operation may also answer 401, 429, 500 and 503):\n${reasons.join('\n')}`.trim();
    }
  }
  const responses: Json = {};
  for (const status of [...used].sort()) responses[responseName(status)] = sharedResponse(status);
  spec.components.responses = { ...spec.components.responses, ...responses };
}
