import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError, type FieldError } from '../errors/api-error';
import { formatPath, type PathSegment } from '../errors/validation';

/** Objects and arrays may nest this deep in a JSON body (the body itself is level 1). */
export const MAX_JSON_DEPTH = 32;
/** At most this many NUL-bearing fields are named in one answer. */
const MAX_REPORTED = 20;
const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

export type JsonProblems = { tooDeep: true } | { tooDeep: false; nulPaths: string[] };

interface Step {
  value: unknown;
  depth: number;
  parent: Step | null;
  key: PathSegment;
}

/** The field's path as every error names one (`clips[0].file_id`, `metadata.note`). */
function pathOf(step: Step): string {
  const keys: PathSegment[] = [];
  for (let s: Step | null = step; s?.parent; s = s.parent) keys.push(s.key);
  return formatPath(keys.reverse());
}

/**
 * Walks a parsed JSON value with a stack of its own (never the call stack, so no body can
 * overflow it): stops at the first object or array nested deeper than `maxDepth`; otherwise
 * lists the paths (`metadata.note`, `clips[0].file_id`) of strings and keys holding a NUL
 * character, which PostgreSQL cannot store in text or jsonb.
 */
export function findJsonProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblems {
  const nulPaths: string[] = [];
  const stack: Step[] = [{ value, depth: 1, parent: null, key: '' }];
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000') && nulPaths.length < MAX_REPORTED) nulPaths.push(pathOf(step));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (step.depth > maxDepth) return { tooDeep: true };
    // Children are pushed last-first, so problems are found in document order.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: step.depth + 1, parent: step, key: i });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child: Step = { value: (v as Record<string, unknown>)[keys[i]], depth: step.depth + 1, parent: step, key: keys[i] };
        if (keys[i].includes('\u0000') && nulPaths.length < MAX_REPORTED) nulPaths.push(pathOf(child));
        stack.push(child);
      }
    }
  }
  return { tooDeep: false, nulPaths };
}

/** The problem a parsed body earns, or null. */
export function jsonBodyError(body: unknown): ApiError | null {
  const found = findJsonProblems(body);
  if (found.tooDeep)
    return new ApiError(400, 'invalid_json', `The JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; ${MAX_JSON_DEPTH} is the maximum depth.`);
  if (!found.nulPaths.length) return null;
  const errors: FieldError[] = found.nulPaths.map((path) => ({ path, message: NUL_MESSAGE }));
  return new ApiError(422, 'validation_failed', `Text may not contain the NUL character (\\u0000): ${found.nulPaths.join(', ')}.`, { errors });
}

/**
 * The /v1 JSON body parser: capped at `limitBytes` (413 before parsing), then refused when it
 * nests deeper than MAX_JSON_DEPTH (400 `invalid_json`) or carries a NUL character in any string
 * or key (422 `validation_failed` naming the fields), before anything reads, validates,
 * fingerprints or stores it.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
  const check = (req: Request, _res: Response, next: NextFunction) => next(req.body === undefined ? undefined : (jsonBodyError(req.body) ?? undefined));
  return [parse, check];
}

/**
 * NUL (`%00`) in the query or the path never reaches a query: a query parameter holding one is a
 * 422 naming the parameter (`query.external_id`), a path holding one a 400.
 */
export function rejectNulInUrl(req: Request, _res: Response, next: NextFunction) {
  if (!req.originalUrl.includes('%00') && !req.originalUrl.includes('\u0000')) return next();
  const bad: string[] = [];
  for (const [name, value] of Object.entries(req.query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    if (name.includes('\u0000') || values.some((v) => typeof v === 'string' && v.includes('\u0000'))) bad.push(name.replace(/\u0000/g, '\\u0000'));
  }
  if (bad.length)
    return next(new ApiError(422, 'validation_failed', `Query parameters may not contain the NUL character (%00): ${bad.join(', ')}.`, { errors: bad.map((name) => ({ path: `query.${name}`, message: NUL_MESSAGE })) }));
  if (/%00/.test(req.path) || req.path.includes('\u0000')) return next(new ApiError(400, 'invalid_request', 'The URL path may not contain the NUL character (%00).'));
  next();
}
