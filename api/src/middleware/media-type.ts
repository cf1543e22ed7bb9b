import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors/api-error';

interface SpecLike {
  paths: Record<string, Record<string, object>>;
}
type Operation = { requestBody?: { content?: Record<string, unknown> } };

/** `application/merge-patch+json; charset=utf-8` → `application/json` (as the JSON parser takes it); other types without parameters. */
function essence(contentType: string): string {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return /^application\/[^/]+\+json$/.test(type) ? 'application/json' : type;
}

const hasBody = (req: Request) => {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
};

/**
 * A body sent with a type its operation does not take is a 415 `unsupported_media_type` that says
 * which type to send, before anything reads it. Without this, a JSON body sent as `curl -d` sends
 * it (`application/x-www-form-urlencoded`), or with no `Content-Type` at all, went unread and came
 * back as "body is required". The accepted types are the spec's request body types for the
 * operation (the same decorators the routes come from).
 */
export function requireDeclaredMediaType(spec: SpecLike) {
  const operations = Object.entries(spec.paths).flatMap(([template, ops]) => {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}/?$`, 'i');
    const params = (template.match(/\{/g) ?? []).length;
    return (Object.entries(ops) as [string, Operation][])
      .filter(([, op]) => op.requestBody?.content)
      .map(([method, op]) => ({ method: method.toUpperCase(), pattern, params, accepts: Object.keys(op.requestBody!.content!).map(essence) }));
  });
  operations.sort((a, b) => a.params - b.params); // literal segments win, as in the router
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const op = operations.find((o) => o.method === req.method && o.pattern.test(`${req.baseUrl}${req.path}`));
    if (!op) return next();
    const sent = req.headers['content-type'];
    if (sent && op.accepts.includes(essence(sent))) return next();
    const takes = op.accepts.map((t) => `\`${t}\``).join(' or ');
    const got = sent ? `a \`${essence(sent)}\` body` : 'a body without `Content-Type`';
    const hint = op.accepts.includes('application/json') ? ' Send the JSON with `Content-Type: application/json` (with curl: `-H "Content-Type: application/json"`; `-d` alone sends `application/x-www-form-urlencoded`).' : '';
    next(new ApiError(415, 'unsupported_media_type', `${req.method} ${req.baseUrl}${req.path} takes ${takes}; it got ${got}.${hint}`, { headers: { [req.method === 'PATCH' ? 'Accept-Patch' : 'Accept-Post']: op.accepts.join(', ') } }));
  };
}
