import { WebAuthnError } from '../errors.js';
import { fromBase64url } from '../encoding/base64url.js';
import { knownTransports } from './transports.js';
import type { AuthenticatorTransport, PublicKeyCredentialDescriptorJSON } from '../types.js';

/** Anything with a credential id and optional transports: a stored CredentialRecord fits. */
export interface CredentialReference {
  id: string;
  transports?: readonly (AuthenticatorTransport | string)[];
}

/** A credential named by its id (base64url), or by a record or descriptor that has one. */
export type CredentialSelector = string | CredentialReference;

function selectorList(selectors: readonly CredentialSelector[] | undefined, what: string): readonly CredentialSelector[] {
  if (selectors === undefined) return [];
  if (!Array.isArray(selectors)) throw new WebAuthnError('invalid_options', `${what} must be an array`);
  return selectors;
}

/** The id a selector names, and its bytes (so it is base64url). */
function selectorId(selector: unknown, what: string): { id: string; bytes: Uint8Array } {
  const id = typeof selector === 'object' && selector !== null ? (selector as { id?: unknown }).id : selector;
  if (typeof id !== 'string') {
    throw new WebAuthnError('invalid_options', `${what}: every entry must be a credential id, or a record or descriptor with an id`);
  }
  return { id, bytes: fromBase64url(id, `${what} id`) };
}

/** Builds allowCredentials / excludeCredentials entries from stored records or ids, keeping known transports. */
export function toDescriptors(selectors: readonly CredentialSelector[] | undefined, what: string): PublicKeyCredentialDescriptorJSON[] {
  return selectorList(selectors, what).map((selector) => {
    const descriptor: PublicKeyCredentialDescriptorJSON = { id: selectorId(selector, what).id, type: 'public-key' };
    const transports = knownTransports(typeof selector === 'object' && Array.isArray(selector.transports) ? selector.transports : []);
    if (transports.length > 0) descriptor.transports = transports;
    return descriptor;
  });
}

/** The credential ids (bytes) that selectors name: what the verifier checks allowCredentials against. */
export function selectedCredentialIds(selectors: readonly CredentialSelector[] | undefined, what: string): Uint8Array[] {
  return selectorList(selectors, what).map((selector) => selectorId(selector, what).bytes);
}
