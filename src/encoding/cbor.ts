// The decoder and encoder entries are pure JavaScript: cbor-x's main entry would also load its
// native addon (cbor-extract), which only speeds up strings in large inputs and costs more to load
// than WebAuthn's few small structures ever win back.
import { Decoder } from 'cbor-x/decode';
import { WebAuthnError } from '../errors.js';
import { fromUtf8, plain } from './bytes.js';

/**
 * Strict CBOR for WebAuthn (RFC 8949 as profiled by CTAP2): cbor-x does the decoding, after a
 * small well-formedness pass that cbor-x does not do for us. That pass enforces:
 * definite lengths only, shortest-form integers and lengths (CTAP2 canonical), no tags, no floats,
 * no undefined simple values, valid UTF-8 text, no duplicate map keys, a nesting depth bound, an item count bound, and lengths that fit in the input (so a
 * hostile length can never make us allocate or loop). It also tells us where an item ends,
 * which the authenticator data parser needs (the COSE key is followed by more bytes).
 */

export interface CborLimits {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of arrays and maps. */
  maxDepth: number;
  /** Most data items (of any kind) in one input. */
  maxItems: number;
}

export const DEFAULT_CBOR_LIMITS: CborLimits = Object.freeze({
  maxBytes: 256 * 1024,
  maxDepth: 16,
  maxItems: 10_000,
});

/** A decoded CBOR map: keys stay as CBOR gave them (COSE labels are integers). */
export type CborMap = Map<unknown, unknown>;

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, sequential: false, bundleStrings: false } as never);

class Walker {
  items = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly limits: CborLimits,
  ) {}

  private bad(message: string): never {
    throw new WebAuthnError('malformed_cbor', `CBOR ${message}`);
  }

  /** Reads the argument of the head at `pos`; returns [major, argument, offset after head]. */
  private head(pos: number): [number, number, number] {
    const b = this.bytes;
    if (pos >= b.length) this.bad('ends early');
    const initial = b[pos]!;
    const major = initial >> 5;
    const info = initial & 31;
    if (info < 24) return [major, info, pos + 1];
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) this.bad(info === 31 ? 'uses an indefinite length' : 'uses a reserved additional info');
    if (pos + 1 + size > b.length) this.bad('ends early');
    let value = 0;
    for (let i = 1; i <= size; i++) value = value * 256 + b[pos + i]!;
    // Values past 2^53 lose precision here, but only lengths and counts use this number and
    // any length that large is already past the input's end.
    // CTAP2 canonical form (WebAuthn L3 section 6.5.1): integers and lengths as short as possible.
    // Besides being what authenticators must send, it makes equal encodings mean equal values,
    // so the duplicate-key check below can compare bytes. (Major type 7 uses these sizes for
    // floats, which item() refuses.)
    if (major !== 7 && value < SHORTEST_FLOOR[size]!) this.bad('encodes an integer or length in a longer form than needed');
    return [major, value, pos + 1 + size];
  }

  /** Returns the offset just after the item that starts at `pos`. */
  item(pos: number, depth: number): number {
    if (++this.items > this.limits.maxItems) throw new WebAuthnError('input_too_large', 'CBOR has too many items');
    const [major, arg, next] = this.head(pos);
    const remaining = this.bytes.length - next;
    switch (major) {
      case 0:
      case 1:
        return next;
      case 2:
        if (arg > remaining) this.bad('byte string runs past the end');
        return next + arg;
      case 3: {
        if (arg > remaining) this.bad('text string runs past the end');
        if (fromUtf8(this.bytes.subarray(next, next + arg)) === undefined) this.bad('text string is not UTF-8');
        return next + arg;
      }
      case 4: {
        if (depth >= this.limits.maxDepth) this.bad('nests too deeply');
        if (arg > remaining) this.bad('array is longer than the input');
        let p = next;
        for (let i = 0; i < arg; i++) p = this.item(p, depth + 1);
        return p;
      }
      case 5: {
        if (depth >= this.limits.maxDepth) this.bad('nests too deeply');
        if (arg * 2 > remaining) this.bad('map is longer than the input');
        let p = next;
        const seen = new Set<string>();
        for (let i = 0; i < arg; i++) {
          const keyEnd = this.item(p, depth + 1);
          const key = keyText(this.bytes, p, keyEnd);
          if (seen.has(key)) this.bad('map has a duplicate key');
          seen.add(key);
          p = this.item(keyEnd, depth + 1);
        }
        return p;
      }
      case 6:
        return this.bad('uses a tag, which WebAuthn structures never carry');
      default: {
        // Major type 7: false, true and null. No WebAuthn structure carries a float, and a float
        // such as -7.0 would decode to the same JavaScript number as the integer -7 (a COSE alg).
        const info = this.bytes[pos]! & 31;
        if (info >= 20 && info <= 22) return next;
        if (info === 25 || info === 26 || info === 27) return this.bad('uses a floating-point number, which WebAuthn structures never carry');
        return this.bad('uses an unsupported simple value');
      }
    }
  }
}

/** The smallest argument each head size may carry in shortest form, by size in bytes. */
const SHORTEST_FLOOR: Record<number, number> = { 1: 24, 2: 0x100, 4: 0x10000, 8: 0x1_0000_0000 };

function keyText(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return plain(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const n = normalise(v);
      if (n !== v) value.set(k, n);
    }
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalise(value[i]);
  }
  return value;
}

function decodeRange(bytes: Uint8Array, start: number, end: number): unknown {
  try {
    return normalise(decoder.decode(bytes.subarray(start, end)));
  } catch (cause) {
    // The walker accepted it, so this is cbor-x refusing something exotic; still a CBOR error.
    throw new WebAuthnError('malformed_cbor', 'CBOR could not be decoded', { cause });
  }
}

function checkInput(bytes: unknown, limits: CborLimits): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new WebAuthnError('malformed_cbor', 'CBOR input must be bytes');
  if (bytes.length > limits.maxBytes) {
    throw new WebAuthnError('input_too_large', `CBOR input is larger than ${limits.maxBytes} bytes`);
  }
}

/** Decodes exactly one CBOR item that fills `bytes` (trailing bytes are an error). */
export function decodeCbor(bytes: Uint8Array, limits: CborLimits = DEFAULT_CBOR_LIMITS): unknown {
  checkInput(bytes, limits);
  const end = new Walker(bytes, limits).item(0, 0);
  if (end !== bytes.length) throw new WebAuthnError('malformed_cbor', 'CBOR has trailing bytes after the item');
  return decodeRange(bytes, 0, end);
}

/** Decodes the one CBOR item that starts at `offset`; returns it and where it ends. */
export function decodeCborPrefix(
  bytes: Uint8Array,
  offset: number,
  limits: CborLimits = DEFAULT_CBOR_LIMITS,
): { value: unknown; end: number } {
  checkInput(bytes, limits);
  const end = new Walker(bytes, limits).item(offset, 0);
  return { value: decodeRange(bytes, offset, end), end };
}


export function isCborMap(value: unknown): value is CborMap {
  return value instanceof Map;
}
