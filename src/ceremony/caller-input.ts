import { WebAuthnError } from '../errors.js';
import type { COSEAlgorithmIdentifier } from '../types.js';

/**
 * Checks of what the host application passes to the four ceremony functions. They look one level
 * deep only (never recursing into a value, so a deeply nested array cannot exhaust the stack),
 * and run before anything else: a configuration mistake must not cost the user their challenge.
 */

function invalid(message: string): never {
  throw new WebAuthnError('invalid_options', message);
}

/** The top-level argument: an options object. */
export function requireInputObject<T>(input: T, fn: string): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) invalid(`${fn} takes one options object`);
  return input;
}

/** A plain object (an object literal or JSON.parse output), or undefined: never a string, array or class instance. */
export function optionalPlainObject<T>(value: T | undefined, what: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(`${what} must be a plain object`);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) invalid(`${what} must be a plain object`);
  return value;
}

/** The ceremony's clock: a valid Date, default the current time. */
export function clockTime(value: unknown, what = 'now'): Date {
  if (value === undefined) return new Date();
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) invalid(`${what} must be a valid Date`);
  return value;
}

/** A non-empty list of COSE algorithm identifiers (integers), default `fallback`. */
export function algorithmList(
  value: readonly COSEAlgorithmIdentifier[] | undefined,
  fallback: readonly COSEAlgorithmIdentifier[],
  what = 'supportedAlgorithmIDs',
): readonly COSEAlgorithmIdentifier[] {
  const list = value ?? fallback;
  if (!Array.isArray(list) || list.length === 0 || !list.every((alg) => Number.isInteger(alg))) {
    invalid(`${what} must be a non-empty list of COSE algorithm numbers`);
  }
  return list;
}

/** A list whose entries are all strings (checked one level deep), or undefined. */
export function optionalStringList(value: readonly string[] | undefined, what: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) invalid(`${what} must be a list of strings`);
  return value;
}

/** A callback, or undefined. */
export function optionalFunction<F extends (...args: never[]) => unknown>(value: F | undefined, what: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') invalid(`${what} must be a function`);
  return value;
}

/** A boolean flag, default `fallback`: a typo such as `'false'` must not silently pick a policy. */
export function booleanFlag(value: boolean | undefined, fallback: boolean, what: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(`${what} must be true or false`);
  return value;
}

/** The verifiers' `mediation`: only 'conditional' (a conditional create) changes anything. */
export function optionalMediation(value: 'conditional' | undefined): 'conditional' | undefined {
  if (value !== undefined && value !== 'conditional') invalid('mediation must be "conditional" or left out');
  return value;
}
