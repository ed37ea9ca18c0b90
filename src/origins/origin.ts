import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { ANDROID_APK_KEY_HASH_PREFIX, isAndroidApkKeyHashOrigin } from './native-apps.js';
import { parseWebOrigin, quote } from './web-origin.js';

/**
 * Decides whether clientDataJSON.origin is one the RP expects (WebAuthn L3 §7.1 step 9,
 * §7.2 step 12). Build one with `originMatcher`, `relatedOriginsMatcher`, or write your own.
 */
export interface OriginMatcher {
  /** True when `origin`, exactly as the client reported it, is acceptable. */
  matches(origin: string): boolean;
  /** What is expected, for error messages (e.g. the list of origins). */
  readonly description: string;
}

/**
 * The origins a ceremony may run on: one origin, a list, a matcher, or a predicate. Strings are
 * serialised web origins ("https://example.com", "http://localhost:3000") or Android app
 * origins (`androidApkKeyHashOrigin(...)`); they are compared exactly with what the client
 * reports, never by prefix or substring.
 */
export type ExpectedOrigin = string | readonly string[] | OriginMatcher | ((origin: string) => boolean);

function isMatcher(value: unknown): value is OriginMatcher {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as OriginMatcher).matches === 'function';
}

/** Checks configured origins; returns each one's problem (an empty list when all are valid). */
export function originListProblems(origins: readonly unknown[], options: { allowNativeApps: boolean }): string[] {
  const problems: string[] = [];
  for (const origin of origins) {
    if (typeof origin === 'string' && origin.startsWith(ANDROID_APK_KEY_HASH_PREFIX)) {
      if (!options.allowNativeApps) problems.push(`${quote(origin)} is an app origin; only web origins are allowed here`);
      else if (!isAndroidApkKeyHashOrigin(origin)) {
        problems.push(`${quote(origin)} is not "android:apk-key-hash:" followed by the 43-character base64url SHA-256 (use androidApkKeyHashOrigin())`);
      }
      continue;
    }
    const parsed = parseWebOrigin(origin);
    if (!parsed.ok) problems.push(parsed.problem);
  }
  return problems;
}

/** A matcher over a fixed list of origins, compared exactly. Throws 'invalid_options' on a malformed entry. */
function listMatcher(origins: readonly unknown[], what: string): OriginMatcher {
  if (origins.length === 0) throw new WebAuthnError('invalid_options', `${what} is an empty list`);
  const problems = originListProblems(origins, { allowNativeApps: true });
  if (problems.length > 0) throw new WebAuthnError('invalid_options', `${what}: ${problems.join('; ')}`);
  const set = new Set(origins as readonly string[]);
  return { matches: (origin) => set.has(origin), description: [...set].join(', ') };
}

const listCache = new Map<string, OriginMatcher>();

/** Turns any ExpectedOrigin into an OriginMatcher, validating configured strings. */
export function originMatcher(expected: ExpectedOrigin, what = 'expectedOrigin'): OriginMatcher {
  if (typeof expected === 'string' || Array.isArray(expected)) {
    // Configured origins are few and fixed, and validating them parses URLs: keep the result,
    // keyed by content (a mutated array gets a new key), so a sign-in does not pay for it again.
    const list: readonly unknown[] = typeof expected === 'string' ? [expected] : expected;
    // A non-string is never an origin: listMatcher rejects it without stringifying it (String()
    // of a deeply nested array would overflow the stack).
    if (!list.every((origin) => typeof origin === 'string')) return listMatcher(list, what);
    // JSON keeps entries apart: ["a\nb"] must not share the key of ["a", "b"].
    const key = JSON.stringify([what, ...list]);
    let matcher = listCache.get(key);
    if (matcher === undefined) {
      matcher = listMatcher(list, what);
      if (listCache.size >= 256) listCache.clear();
      listCache.set(key, matcher);
    }
    return matcher;
  }
  if (typeof expected === 'function') {
    const predicate = expected as (origin: string) => boolean;
    return { matches: (origin) => predicate(origin) === true, description: `an origin accepted by the ${what} predicate` };
  }
  if (isMatcher(expected)) return expected;
  if (typeof (expected as { then?: unknown } | null)?.then === 'function') {
    throw new WebAuthnError('invalid_options', `${what} is a Promise: await relatedOriginsMatcher() once, at start-up, and pass the matcher`);
  }
  throw new WebAuthnError('invalid_options', `${what} must be an origin, a list of origins, an OriginMatcher or a predicate`);
}

/**
 * Verifies that clientDataJSON.origin is expected (WebAuthn L3 §7.1 step 9, §7.2 step 12).
 * Throws 'origin_mismatch' naming the step, or 'invalid_options' when `expected` is malformed.
 * A predicate or matcher that throws fails the check (fail closed), keeping the error as `cause`.
 */
export function checkOrigin(origin: string, expected: ExpectedOrigin, step: string): void {
  const matcher = originMatcher(expected);
  let accepted = false;
  if (typeof origin === 'string') {
    try {
      accepted = matcher.matches(origin);
    } catch (cause) {
      if (isWebAuthnError(cause)) throw cause;
      throw new WebAuthnError('origin_mismatch', `the origin check for ${quote(origin)} failed with an error`, { step, cause });
    }
  }
  if (accepted !== true) {
    const shown = typeof origin === 'string' ? quote(origin) : 'a non-string origin';
    throw new WebAuthnError('origin_mismatch', `origin ${shown} is not expected (expected ${matcher.description})`, { step });
  }
}
