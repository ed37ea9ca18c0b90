import { WebAuthnError } from '../errors.js';
import { fromBase64url, fromBase64urlLenient } from '../encoding/base64url.js';
import type { AuthenticatorAttachment } from '../types.js';

/**
 * Shape checks for the JSON a browser's `PublicKeyCredential.toJSON()` produces. The verifiers
 * take `unknown` on purpose: the value comes straight from a request body.
 */

/** Caps how much base64url we decode from one response member (the largest real ones are TPM attestations). */
const MAX_MEMBER_LENGTH = 512 * 1024;

function bad(message: string): never {
  throw new WebAuthnError('malformed_response', message);
}

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${what} must be an object`);
  return value as Record<string, unknown>;
}

export function bytesMember(obj: Record<string, unknown>, key: string, what: string): Uint8Array {
  const value = obj[key];
  if (typeof value !== 'string') bad(`${what}.${key} must be a base64url string`);
  if (value.length > MAX_MEMBER_LENGTH) throw new WebAuthnError('input_too_large', `${what}.${key} is too large`);
  try {
    return fromBase64url(value, `${what}.${key}`);
  } catch (cause) {
    throw new WebAuthnError('malformed_response', `${what}.${key} is not base64url`, { cause });
  }
}

/** userHandle is decoded leniently: some platforms have sent standard base64 with padding. */
export function optionalUserHandle(obj: Record<string, unknown>, what: string): Uint8Array | undefined {
  const value = obj.userHandle;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 1024) bad(`${what}.userHandle must be a base64url string`);
  try {
    return fromBase64urlLenient(value, `${what}.userHandle`);
  } catch (cause) {
    throw new WebAuthnError('malformed_response', `${what}.userHandle is not base64url`, { cause });
  }
}

export interface CredentialEnvelope {
  id: string;
  rawId: Uint8Array;
  response: Record<string, unknown>;
  clientExtensionResults: unknown;
  /** A known attachment; an unknown string is treated as absent. */
  authenticatorAttachment: AuthenticatorAttachment | undefined;
}

/** Checks the outer PublicKeyCredential JSON: id, rawId (equal to each other), type, response. */
export function readCredentialEnvelope(value: unknown): CredentialEnvelope {
  const credential = asObject(value, 'response');
  if (credential.type !== 'public-key') bad('response.type must be "public-key"');
  if (typeof credential.id !== 'string' || credential.id.length === 0) bad('response.id must be a non-empty string');
  const rawId = bytesMember(credential, 'rawId', 'response');
  const idBytes = bytesMember(credential, 'id', 'response');
  if (idBytes.length !== rawId.length || !idBytes.every((b, i) => b === rawId[i])) {
    throw new WebAuthnError('credential_id_mismatch', 'response.id and response.rawId name different credentials');
  }
  const attachment = credential.authenticatorAttachment;
  if (attachment !== undefined && attachment !== null && typeof attachment !== 'string') bad('response.authenticatorAttachment must be a string');
  return {
    id: credential.id,
    rawId,
    response: asObject(credential.response, 'response.response'),
    clientExtensionResults: credential.clientExtensionResults ?? {},
    // A DOMString, not an enum, so that clients can report new values (WebAuthn L3 section 2.1.1):
    // one this library does not know says nothing it can store.
    authenticatorAttachment: attachment === 'platform' || attachment === 'cross-platform' ? attachment : undefined,
  };
}
