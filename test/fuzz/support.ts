import fc from 'fast-check';
import { encodeCbor } from '../../src/encoding/cbor-encode.js';
import { WebAuthnError } from '../../src/errors.js';

/**
 * Shared settings and arbitraries for the property tests. The seed is fixed so that `npm test`
 * runs the same cases every time; FUZZ_SEED and FUZZ_RUNS (cases per property) change that for a
 * long run (`npm run fuzz`). A failing case prints its seed and path, to replay it exactly.
 */

export const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const RUNS = process.env.FUZZ_RUNS === undefined ? undefined : Number(process.env.FUZZ_RUNS);

/** fast-check parameters: `defaultRuns` cases unless FUZZ_RUNS says otherwise; async runs time out (a hang fails). */
export function params(defaultRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: RUNS ?? defaultRuns, timeout: 10_000, endOnFailure: true };
}

/** Longest a single case may take: far above any honest input, far below a hang or a quadratic blow-up. */
export const CASE_TIME_LIMIT_MS = 2_000;

export type Outcome = { ok: true; value: unknown } | { ok: false; error: WebAuthnError };

/** Runs `fn`: success, or the WebAuthnError it threw. Anything else thrown fails the property, with the input. */
export async function settle(fn: () => unknown): Promise<Outcome> {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    if (!(error instanceof WebAuthnError)) throw new Error(`threw something other than a WebAuthnError: ${String(error)}`, { cause: error });
    outcome = { ok: false, error };
  }
  const elapsed = performance.now() - started;
  if (elapsed > CASE_TIME_LIMIT_MS) throw new Error(`one case took ${Math.round(elapsed)} ms`);
  return outcome;
}

/** The synchronous form, for parsers. */
export function settleSync(fn: () => unknown): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: fn() };
  } catch (error) {
    if (!(error instanceof WebAuthnError)) throw new Error(`threw something other than a WebAuthnError: ${String(error)}`, { cause: error });
    outcome = { ok: false, error };
  }
  const elapsed = performance.now() - started;
  if (elapsed > CASE_TIME_LIMIT_MS) throw new Error(`one case took ${Math.round(elapsed)} ms`);
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Bytes

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** CBOR heads that claim huge lengths (RFC 8949 section 3): byte/text strings, arrays and maps of up to 2^64 - 1. */
const hugeHead = fc
  .tuple(fc.constantFrom(0x40, 0x60, 0x80, 0xa0), fc.constantFrom(26, 27), fc.bigInt({ min: 2n ** 16n, max: 2n ** 64n - 1n }))
  .map(([major, info, length]) => {
    const size = info === 26 ? 4 : 8;
    const head = new Uint8Array(1 + size);
    head[0] = major | info;
    let rest = length & ((1n << BigInt(size * 8)) - 1n);
    for (let i = size; i >= 1; i--, rest >>= 8n) head[i] = Number(rest & 0xffn);
    return head;
  });

/** Arrays or maps nested `depth` deep (0x81 = array of one; 0xa1 0x00 = map of one with key 0). */
const deepNesting = fc
  .tuple(fc.integer({ min: 17, max: 20_000 }), fc.boolean())
  .map(([depth, maps]) => {
    const unit = maps ? [0xa1, 0x00] : [0x81];
    const out = new Uint8Array(depth * unit.length + 1);
    for (let i = 0; i < depth; i++) out.set(unit, i * unit.length);
    return out; // the innermost item is 0x00 (the integer 0)
  });

/** CBOR-shaped trouble: huge lengths, deep nesting, indefinite lengths, tags, reserved and simple values. */
export const hostileCbor: fc.Arbitrary<Uint8Array> = fc.oneof(
  hugeHead.chain((head) => fc.uint8Array({ maxLength: 32 }).map((tail) => concatBytes(head, tail))),
  deepNesting,
  fc.constantFrom(
    Uint8Array.of(0x5f, 0x41, 0x00, 0xff), // indefinite byte string
    Uint8Array.of(0x9f, 0x00, 0xff), // indefinite array
    Uint8Array.of(0xbf, 0x00, 0x00, 0xff), // indefinite map
    Uint8Array.of(0xc2, 0x41, 0x01), // tag 2 (bignum)
    Uint8Array.of(0xf7), // undefined
    Uint8Array.of(0xf8, 0x20), // simple value 32
    Uint8Array.of(0x1c), // reserved additional info
    Uint8Array.of(0xa2, 0x01, 0x00, 0x01, 0x00), // duplicate map key
    Uint8Array.of(0x62, 0xc3, 0x28), // invalid UTF-8 text
    Uint8Array.of(0xff), // lone break
  ),
);

/** One mutation of `bytes`: bit flip, truncation, extension, overwrite, insertion, deletion, or a hostile CBOR splice. */
export function mutatedBytes(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = bytes.length;
  const position = fc.nat(Math.max(0, n - 1));
  const mutations: fc.Arbitrary<Uint8Array>[] = [
    fc.uint8Array({ maxLength: 64 }).map((extra) => concatBytes(bytes, extra)),
    fc.tuple(position, hostileCbor).map(([at, splice]) => concatBytes(bytes.subarray(0, at), splice, bytes.subarray(at))),
  ];
  if (n > 0) {
    mutations.push(
      fc.tuple(position, fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
        const out = bytes.slice();
        out[at]! ^= 1 << bit;
        return out;
      }),
      fc.nat(n - 1).map((length) => bytes.slice(0, length)),
      fc.tuple(position, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, patch]) => {
        const out = bytes.slice();
        out.set(patch.subarray(0, n - at), at);
        return out;
      }),
      fc.tuple(position, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, insert]) =>
        concatBytes(bytes.subarray(0, at), insert, bytes.subarray(at)),
      ),
      fc.tuple(position, fc.integer({ min: 1, max: 64 })).map(([at, count]) => concatBytes(bytes.subarray(0, at), bytes.subarray(at + count))),
      fc.tuple(position, position).map(([a, b]) => concatBytes(bytes.subarray(0, Math.max(a, b)), bytes.subarray(Math.min(a, b)))),
    );
  }
  return fc.oneof(...mutations);
}

// ---------------------------------------------------------------------------------------------
// Values

/** Any CBOR data item WebAuthn structures could carry, as the encoder takes it (Maps keep integer keys). */
export const cborValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    fc.integer({ min: -65_536, max: 65_536 }),
    fc.string(),
    fc.uint8Array({ maxLength: 80 }),
    fc.boolean(),
    fc.constant(null),
    fc.double(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(fc.oneof(fc.integer({ min: -64, max: 64 }), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 5 }).map((entries) => new Map(entries)),
  ),
})).value;

/** CBOR encodings of arbitrary values. */
export const cborBytes: fc.Arbitrary<Uint8Array> = cborValue.map((value) => encodeCbor(value));

/** A replacement for a JSON member: any JSON value, or one chosen to break a careless reader. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, undefined, '', 0, -1, 1e308, true, [], {}, 'A'.repeat(600_000), '====', '+/+/', '\u0000', 'AA\u00e9AA'),
  // Deep, but within what JSON.stringify can write back (deeper text is made as text, see deepJsonText).
  fc.integer({ min: 1, max: 1_000 }).map((depth) => {
    let nested: unknown = 'x';
    for (let i = 0; i < depth; i++) nested = [nested];
    return nested;
  }),
);

/** JSON text nesting arrays `depth` deep, as a member value: `"key":[[[...]]]`. */
export const deepJsonText: fc.Arbitrary<string> = fc.integer({ min: 1_000, max: 9_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

/** Every path to a member of a JSON-like object (arrays included), for mutations that aim at one member. */
export function jsonPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...jsonPaths(child, [...prefix, key])]);
}

/** A deep copy of `value` with the member at `path` replaced (or deleted when `replacement` is the DELETE marker). */
export const DELETE = Symbol('delete');
export function withMember<T>(value: T, path: readonly (string | number)[], replacement: unknown): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy as T;
}

/** Reads the member at `path`. */
export function memberAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value as Record<string | number, unknown> | undefined;
  for (const key of path) current = current?.[key] as Record<string | number, unknown> | undefined;
  return current;
}
