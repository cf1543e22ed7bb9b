import type { Config } from '../../config';
import { ApiError, type FieldError } from '../../errors/api-error';

/** Control characters other than tab and line feed. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Checks the prompt fields of a request against the configured length cap and blocklist
 * (whole words or phrases, case-insensitive). Length and control characters are
 * `validation_failed`; a blocklisted term is `prompt_blocked` (the term is not echoed back).
 */
export function checkPrompts(config: Pick<Config, 'aiPromptMaxLength' | 'aiPromptBlocklist'>, fields: Record<string, string | undefined>): void {
  const errors: FieldError[] = [];
  for (const [path, text] of Object.entries(fields)) {
    if (text === undefined) continue;
    if (text.length > config.aiPromptMaxLength) errors.push({ path, message: `is ${text.length} characters; the maximum is ${config.aiPromptMaxLength}` });
    else if (CONTROL.test(text)) errors.push({ path, message: 'contains control characters' });
  }
  if (errors.length) throw new ApiError(422, 'validation_failed', `Invalid prompt: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
  for (const [path, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const term of config.aiPromptBlocklist) {
      if (new RegExp(`(^|[^\\p{L}\\p{N}])${escape(term)}($|[^\\p{L}\\p{N}])`, 'iu').test(text))
        throw new ApiError(422, 'prompt_blocked', `${path} contains a blocked term; rephrase it.`, { errors: [{ path, message: 'contains a blocked term' }] });
    }
  }
}

/** Width and height for a model: multiples of 8 within 256..cap (512..cap for avatars). */
export function checkDimensions(config: Pick<Config, 'aiMaxDimension'>, dims: { width: number; height: number }, min = 256): void {
  const errors: FieldError[] = [];
  for (const [path, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v % 8 !== 0) errors.push({ path, message: `must be a multiple of 8 (got ${v})` });
    else if (v < min || v > config.aiMaxDimension) errors.push({ path, message: `must be from ${min} to ${config.aiMaxDimension} (got ${v})` });
  }
  if (errors.length) throw new ApiError(422, 'validation_failed', `Invalid size: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
}
