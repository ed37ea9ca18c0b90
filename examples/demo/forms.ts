import type { Context } from 'hono';
import { DemoError } from './errors.js';

/** The request's JSON object body. */
export async function readJSON(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new DemoError(400, 'malformed_json', 'The request body is not JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DemoError(400, 'malformed_json', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

// Control characters, line separators and bidi overrides: they make a name display as something else.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

/** A user-typed name: trimmed, NFC, 1 to `max` characters, no control characters. */
export function nameField(value: unknown, label: string, max = 64): string {
  const clean = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  const length = [...clean].length;
  if (length === 0 || length > max || FORBIDDEN.test(clean)) {
    throw new DemoError(400, 'invalid_field', `${label} must be 1 to ${max} characters, without control characters.`);
  }
  return clean;
}
