import { equalBytes } from '../encoding/bytes.js';
import type { Certificate } from './types.js';

/**
 * Caches for what certificate work shares across ceremonies. An attestation certificate is not
 * per credential: every authenticator of a model or batch carries the same chain (FIDO basic
 * attestation batches hold at least 100,000 units), and trust anchors are configuration. So:
 *
 * - parsed certificates, keyed by their exact DER bytes (bounded, least recently used first out);
 * - trust anchors given as DER or PEM, keyed by that input (DER by object, checked byte for byte);
 * - whether one certificate's signature verifies with another's key, a pure function of the two
 *   DER encodings, kept per pair of parsed certificates for as long as both are alive;
 * - a parsed certificate's key identifier (SHA-1 of its key), kept as long as the certificate.
 *
 * Sharing is safe because certificates are sealed: frozen throughout, their DER copied out of the
 * caller's buffer, their dates read through getters that return a new Date each time. Their byte
 * arrays (which JavaScript cannot freeze) are never written by this library; callers must treat
 * them as read-only too. Validity at `now` and every path constraint are checked on each call;
 * only parsing and signature arithmetic are reused.
 */

/** Entries per cache; attestation traffic meets a few dozen models, not hundreds. */
export const MAX_CACHED_CERTIFICATES = 512;
/** Largest DER the parse cache keeps (attestation certificates are 0.5-2 KiB): at most 2 MiB of DER, and as much in keys. */
export const MAX_CACHED_DER = 4096;

/** A Map that forgets its least recently used entry past `limit`. */
class LruMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value as K);
    this.#entries.set(key, value);
  }

  clear(): void {
    this.#entries.clear();
  }
}

const parsed = new LruMap<string, Certificate>(MAX_CACHED_CERTIFICATES);
const anchorsByPem = new LruMap<string, Certificate>(MAX_CACHED_CERTIFICATES);
let anchorsByDer = new WeakMap<Uint8Array, Certificate>();
let issuedBy = new WeakMap<Certificate, WeakMap<Certificate, boolean>>();
let keyIdentifiers = new WeakMap<Certificate, string>();
/** Every certificate the parser built: its fields are exactly what its DER says. */
const sealed = new WeakSet<Certificate>();

/** The bytes as a string of char codes 0-255: an exact Map key. */
function bytesKey(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** Freezes plain objects and arrays all the way down; byte arrays cannot be frozen, getters are left alone. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const property of Object.values(Object.getOwnPropertyDescriptors(value))) deepFreeze(property.value);
}

/** Freezes a certificate the parser just built and marks it as the parser's. */
export function seal(certificate: Certificate): Certificate {
  deepFreeze(certificate);
  sealed.add(certificate);
  return certificate;
}

/** The parsed certificate for this DER: from the cache, or `parse` of a private copy of the bytes. */
export function memoParse(der: Uint8Array, parse: (der: Uint8Array) => Certificate): Certificate {
  if (der.length > MAX_CACHED_DER) return parse(der.slice());
  const key = bytesKey(der);
  const hit = parsed.get(key);
  if (hit) return hit;
  const certificate = parse(der.slice());
  parsed.set(key, certificate);
  return certificate;
}

/**
 * A trust anchor given as DER or PEM, parsed once per input. A DER array the caller rewrote since
 * is parsed again: the cached anchor must still be exactly these bytes.
 */
export function memoAnchor(input: string | Uint8Array, parse: (input: string | Uint8Array) => Certificate): Certificate {
  if (typeof input === 'string') {
    const hit = anchorsByPem.get(input);
    if (hit) return hit;
    const certificate = parse(input);
    anchorsByPem.set(input, certificate);
    return certificate;
  }
  const hit = anchorsByDer.get(input);
  if (hit && equalBytes(hit.der, input)) return hit;
  const certificate = parse(input);
  anchorsByDer.set(input, certificate);
  return certificate;
}

/**
 * Whether `issuer`'s key verifies `child`'s signature, computed by `verify` once per pair of
 * parsed certificates. A certificate the parser did not build (a caller's own object) may say
 * anything, so its answer is never cached.
 */
export async function memoIssuedBy(child: Certificate, issuer: Certificate, verify: () => Promise<boolean>): Promise<boolean> {
  if (!sealed.has(child) || !sealed.has(issuer)) return verify();
  let byIssuer = issuedBy.get(child);
  const hit = byIssuer?.get(issuer);
  if (hit !== undefined) return hit;
  const result = await verify();
  if (!byIssuer) issuedBy.set(child, (byIssuer = new WeakMap()));
  byIssuer.set(issuer, result);
  return result;
}

/**
 * A parsed certificate's key identifier, computed by `compute` once per certificate (a function of
 * its DER alone). A caller's own certificate object is never cached, as in memoIssuedBy.
 */
export function memoKeyIdentifier(certificate: Certificate, compute: () => string): string {
  if (!sealed.has(certificate)) return compute();
  const hit = keyIdentifiers.get(certificate);
  if (hit !== undefined) return hit;
  const result = compute();
  keyIdentifiers.set(certificate, result);
  return result;
}

/**
 * Empties every certificate cache: parsed certificates, parsed trust anchors, signature results
 * and key identifiers. Verification never needs it (cached entries are exact); it exists to
 * measure the uncached cost, as the benchmark does, and to let go of the memory at once.
 */
export function clearCertificateCaches(): void {
  parsed.clear();
  anchorsByPem.clear();
  anchorsByDer = new WeakMap();
  issuedBy = new WeakMap();
  keyIdentifiers = new WeakMap();
}
