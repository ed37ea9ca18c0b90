import { WebAuthnError } from '../errors.js';
import { fromBase64url } from '../encoding/base64url.js';
import type { AuthenticationExtensionsClientInputsJSON, AuthenticationExtensionsClientOutputsJSON, Base64URLString } from '../types.js';
import { checkPolicy, inputOf, isRecord, setOwn, unsolicited, type UnsolicitedExtensionPolicy } from './policy.js';

/**
 * Client extension outputs (`clientExtensionResults` of the response JSON), type-checked against
 * what the RP requested (WebAuthn L3 §7.1 step 18, §7.2 step 17). Binary values stay base64url,
 * as in the JSON. These outputs are not signed: treat them as the client's report, never as proof.
 */
export interface ClientExtensionResults
  extends Pick<AuthenticationExtensionsClientOutputsJSON, 'appid' | 'appidExclude' | 'credProps' | 'hmacCreateSecret' | 'largeBlob' | 'prf'> {
  /** Outputs of requested extensions this library does not model, as received. */
  unknown: Record<string, unknown>;
  /** Identifiers of unsolicited outputs dropped under the 'ignore' policy. */
  ignored: string[];
}

const PRF_OUTPUT_LENGTH = 32;

function invalid(message: string): never {
  throw new WebAuthnError('extension_invalid', `clientExtensionResults.${message}`);
}

function bool(value: unknown, what: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') invalid(`${what} must be a boolean`);
  return value;
}

function base64url(value: unknown, what: string, length?: number): Base64URLString {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(value, what);
  } catch {
    return invalid(`${what} must be a base64url string`);
  }
  if (length !== undefined && bytes.length !== length) invalid(`${what} must be ${length} bytes, not ${bytes.length}`);
  return value as string;
}

/** Whether the RP asked for an extension whose client output has this identifier. */
function wasRequested(requested: unknown, id: string): boolean {
  const input = inputOf(requested, id);
  switch (id) {
    case 'appid':
    case 'appidExclude':
      return typeof input === 'string';
    case 'credProps':
    case 'hmacCreateSecret':
      return input === true;
    case 'largeBlob':
    case 'prf':
      return isRecord(input);
    default:
      return input !== undefined;
  }
}

function credProps(value: unknown): { rk?: boolean } {
  if (!isRecord(value)) invalid('credProps must be an object');
  const out: { rk?: boolean } = {};
  const rk = bool(value.rk, 'credProps.rk');
  if (rk !== undefined) out.rk = rk;
  return out;
}

// §10.1.5: `supported` answers a registration request, `blob` a read, `written` a write.
function largeBlob(value: unknown, input: Record<string, unknown>): NonNullable<ClientExtensionResults['largeBlob']> {
  if (!isRecord(value)) invalid('largeBlob must be an object');
  const out: NonNullable<ClientExtensionResults['largeBlob']> = {};
  const supported = bool(value.supported, 'largeBlob.supported');
  if (supported !== undefined) {
    if (input.read !== undefined || input.write !== undefined) invalid('largeBlob.supported answers a registration, but a read or write was requested');
    out.supported = supported;
  }
  if (value.blob !== undefined) {
    if (input.read !== true) invalid('largeBlob.blob is present but no read was requested');
    out.blob = base64url(value.blob, 'largeBlob.blob');
  }
  const written = bool(value.written, 'largeBlob.written');
  if (written !== undefined) {
    if (input.write === undefined) invalid('largeBlob.written is present but no write was requested');
    out.written = written;
  }
  return out;
}

// §10.1.4: results are 32-byte PRF outputs, `second` only when a second input was given.
function prf(value: unknown, input: Record<string, unknown>): NonNullable<ClientExtensionResults['prf']> {
  if (!isRecord(value)) invalid('prf must be an object');
  const out: NonNullable<ClientExtensionResults['prf']> = {};
  const enabled = bool(value.enabled, 'prf.enabled');
  if (enabled !== undefined) out.enabled = enabled;
  if (value.results !== undefined) {
    const results = value.results;
    if (!isRecord(results)) invalid('prf.results must be an object');
    const inputs = [input.eval, ...(isRecord(input.evalByCredential) ? Object.values(input.evalByCredential) : [])].filter(isRecord);
    if (inputs.length === 0) invalid('prf.results is present but no PRF evaluation was requested');
    if (enabled === false) invalid('prf.results is present although prf.enabled is false');
    out.results = { first: base64url(results.first, 'prf.results.first', PRF_OUTPUT_LENGTH) };
    if (results.second !== undefined) {
      if (!inputs.some((values) => values.second !== undefined)) invalid('prf.results.second is present but no second input was given');
      out.results.second = base64url(results.second, 'prf.results.second', PRF_OUTPUT_LENGTH);
    }
  }
  return out;
}

/**
 * Parses `clientExtensionResults` (unknown JSON) against the extensions requested in the options.
 * Malformed outputs throw 'extension_invalid'; outputs nobody requested are dropped and listed in
 * `ignored`, or throw 'extension_not_requested' under the 'reject' policy. Extensions requested
 * but not acted upon simply have no output: every extension is optional for clients.
 */
export function parseClientExtensionResults(
  json: unknown,
  requested: AuthenticationExtensionsClientInputsJSON | undefined,
  policy: UnsolicitedExtensionPolicy = 'ignore',
): ClientExtensionResults {
  checkPolicy(policy);
  const results: ClientExtensionResults = { unknown: {}, ignored: [] };
  if (json === undefined) return results;
  if (!isRecord(json)) invalid('must be a JSON object');
  for (const id of Object.keys(json)) {
    const value = json[id];
    if (value === undefined) continue;
    if (!wasRequested(requested, id)) {
      unsolicited(id, 'clientExtensionResults', policy, results.ignored);
      continue;
    }
    switch (id) {
      case 'appid':
      case 'appidExclude':
      case 'hmacCreateSecret':
        results[id] = bool(value, id);
        break;
      case 'credProps':
        results.credProps = credProps(value);
        break;
      case 'largeBlob':
        results.largeBlob = largeBlob(value, inputOf(requested, 'largeBlob') as Record<string, unknown>);
        break;
      case 'prf':
        results.prf = prf(value, inputOf(requested, 'prf') as Record<string, unknown>);
        break;
      default:
        setOwn(results.unknown, id, value);
    }
  }
  return results;
}
