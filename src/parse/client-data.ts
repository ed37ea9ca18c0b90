import { WebAuthnError } from '../errors.js';
import { fromUtf8 } from '../encoding/bytes.js';

/** CollectedClientData (WebAuthn L3 section 5.8.1), as parsed from clientDataJSON. */
export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  /** Every member, including ones this library does not know (tokenBinding, extensions...). */
  raw: Record<string, unknown>;
}

/** clientDataJSON is small in practice (~200-400 bytes); anything near this is hostile. */
export const MAX_CLIENT_DATA_JSON = 16 * 1024;

function bad(message: string): never {
  throw new WebAuthnError('malformed_client_data', `clientDataJSON ${message}`);
}

/**
 * Parses clientDataJSON (WebAuthn L3 section 7.1 step 5 / 7.2 step 9): UTF-8 decode, JSON parse,
 * then type checks of the members the ceremonies read. Unknown members are kept, never rejected.
 */
export function parseClientDataJSON(bytes: Uint8Array): ClientData {
  if (!(bytes instanceof Uint8Array)) bad('must be bytes');
  if (bytes.length > MAX_CLIENT_DATA_JSON) {
    throw new WebAuthnError('input_too_large', `clientDataJSON is larger than ${MAX_CLIENT_DATA_JSON} bytes`);
  }
  const text = fromUtf8(bytes);
  if (text === undefined) bad('is not UTF-8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    bad('is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('is not a JSON object');
  const data = raw as Record<string, unknown>;
  if (typeof data.type !== 'string') bad('has no "type" string');
  if (typeof data.challenge !== 'string') bad('has no "challenge" string');
  if (typeof data.origin !== 'string') bad('has no "origin" string');
  if (data.crossOrigin !== undefined && typeof data.crossOrigin !== 'boolean') bad('"crossOrigin" is not a boolean');
  if (data.topOrigin !== undefined && typeof data.topOrigin !== 'string') bad('"topOrigin" is not a string');
  const result: ClientData = { type: data.type, challenge: data.challenge, origin: data.origin, raw: data };
  if (data.crossOrigin !== undefined) result.crossOrigin = data.crossOrigin as boolean;
  if (data.topOrigin !== undefined) result.topOrigin = data.topOrigin as string;
  return result;
}
