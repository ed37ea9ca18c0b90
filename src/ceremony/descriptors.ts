import { WebAuthnError } from '../errors.js';
import { fromBase64url } from '../encoding/base64url.js';
import type { AuthenticatorTransport, PublicKeyCredentialDescriptorJSON } from '../types.js';

/** Anything with a credential id and optional transports: a stored CredentialRecord fits. */
export interface CredentialReference {
  id: string;
  transports?: readonly (AuthenticatorTransport | string)[];
}

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** Builds allowCredentials / excludeCredentials entries from stored records, keeping their transports. */
export function toDescriptors(references: readonly CredentialReference[] | undefined, what: string): PublicKeyCredentialDescriptorJSON[] {
  if (references === undefined) return [];
  if (!Array.isArray(references)) throw new WebAuthnError('invalid_options', `${what} must be an array`);
  return references.map((ref) => {
    if (typeof ref?.id !== 'string') throw new WebAuthnError('invalid_options', `${what}: every entry needs an id`);
    fromBase64url(ref.id, `${what} id`);
    const descriptor: PublicKeyCredentialDescriptorJSON = { id: ref.id, type: 'public-key' };
    // Only known transports, once each: the record type is a closed union, and Level 1 clients
    // threw on unknown enum values. A new transport arrives with a library update.
    const transports = [...new Set((Array.isArray(ref.transports) ? ref.transports : []).filter((t: unknown) => typeof t === 'string' && TRANSPORTS.has(t)))] as AuthenticatorTransport[];
    if (transports.length > 0) descriptor.transports = transports;
    return descriptor;
  });
}
