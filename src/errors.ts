/**
 * The one error type passkey-rp throws. Every rejection carries a stable, machine-readable
 * `code` (never reworded once published), the WebAuthn spec step it enforces where there is
 * one, and a human-readable message that may change between releases.
 */

export type ErrorCode =
  // Encoding and parsing: hostile or broken bytes
  | 'malformed_base64url'
  | 'malformed_json'
  | 'malformed_cbor'
  | 'malformed_response'
  | 'malformed_client_data'
  | 'malformed_authenticator_data'
  | 'malformed_attestation_object'
  | 'malformed_cose_key'
  | 'malformed_signature'
  | 'malformed_certificate'
  | 'input_too_large'
  // Ceremony steps (WebAuthn L3 sections 7.1 and 7.2)
  | 'credential_id_mismatch'
  | 'credential_id_too_long'
  | 'credential_already_registered'
  | 'unknown_credential'
  | 'user_handle_mismatch'
  | 'type_mismatch'
  | 'challenge_mismatch'
  | 'challenge_expired'
  | 'challenge_invalid'
  | 'challenge_replayed'
  | 'challenge_purpose_mismatch'
  | 'challenge_binding_mismatch'
  | 'challenge_store_full'
  | 'origin_mismatch'
  | 'cross_origin_not_allowed'
  | 'top_origin_mismatch'
  | 'rp_id_mismatch'
  | 'user_not_present'
  | 'user_not_verified'
  | 'backup_flags_invalid'
  | 'backup_eligibility_changed'
  | 'missing_attested_credential_data'
  | 'unexpected_attested_credential_data'
  | 'unsupported_algorithm'
  | 'algorithm_not_allowed'
  | 'key_invalid'
  | 'bad_signature'
  | 'counter_regression'
  | 'extension_invalid'
  | 'extension_not_requested'
  // Attestation (WebAuthn L3 section 8)
  | 'unsupported_attestation_format'
  | 'attestation_statement_invalid'
  | 'attestation_signature_invalid'
  | 'attestation_certificate_invalid'
  | 'attestation_key_mismatch'
  | 'attestation_aaguid_mismatch'
  | 'attestation_nonce_mismatch'
  | 'attestation_chain_invalid'
  | 'attestation_untrusted'
  | 'attestation_type_not_allowed'
  // FIDO Metadata Service BLOB (MDS 3.0)
  | 'metadata_invalid'
  | 'metadata_untrusted'
  // Configuration mistakes by the host application
  | 'invalid_options'
  | 'invalid_rp_id'
  | 'invalid_related_origins'
  | 'not_authorized';

/** Every code above, for exhaustive switches and documentation tests. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'malformed_base64url',
  'malformed_json',
  'malformed_cbor',
  'malformed_response',
  'malformed_client_data',
  'malformed_authenticator_data',
  'malformed_attestation_object',
  'malformed_cose_key',
  'malformed_signature',
  'malformed_certificate',
  'input_too_large',
  'credential_id_mismatch',
  'credential_id_too_long',
  'credential_already_registered',
  'unknown_credential',
  'user_handle_mismatch',
  'type_mismatch',
  'challenge_mismatch',
  'challenge_expired',
  'challenge_invalid',
  'challenge_replayed',
  'challenge_purpose_mismatch',
  'challenge_binding_mismatch',
  'challenge_store_full',
  'origin_mismatch',
  'cross_origin_not_allowed',
  'top_origin_mismatch',
  'rp_id_mismatch',
  'user_not_present',
  'user_not_verified',
  'backup_flags_invalid',
  'backup_eligibility_changed',
  'missing_attested_credential_data',
  'unexpected_attested_credential_data',
  'unsupported_algorithm',
  'algorithm_not_allowed',
  'key_invalid',
  'bad_signature',
  'counter_regression',
  'extension_invalid',
  'extension_not_requested',
  'unsupported_attestation_format',
  'attestation_statement_invalid',
  'attestation_signature_invalid',
  'attestation_certificate_invalid',
  'attestation_key_mismatch',
  'attestation_aaguid_mismatch',
  'attestation_nonce_mismatch',
  'attestation_chain_invalid',
  'attestation_untrusted',
  'attestation_type_not_allowed',
  'metadata_invalid',
  'metadata_untrusted',
  'invalid_options',
  'invalid_rp_id',
  'invalid_related_origins',
  'not_authorized',
];

export interface WebAuthnErrorOptions {
  /** The WebAuthn spec step enforced, e.g. "7.1 step 13" or "8.2" (attestation format). */
  step?: string;
  cause?: unknown;
}

/**
 * Marks a WebAuthnError from any copy of passkey-rp (an app and one of its dependencies may each
 * load their own): `Symbol.for` gives every copy the same symbol, where `instanceof` sees one class.
 */
const BRAND = Symbol.for('passkey-rp.WebAuthnError');
const CODES: ReadonlySet<unknown> = new Set(ERROR_CODES);

export class WebAuthnError extends Error {
  override readonly name = 'WebAuthnError';
  readonly code: ErrorCode;
  readonly step: string | undefined;

  static {
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  constructor(code: ErrorCode, message: string, options: WebAuthnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.step = options.step;
  }
}

/**
 * True for a WebAuthnError thrown by this or any other copy of passkey-rp (unlike `instanceof`),
 * with a code this copy knows; and, given `code`, with that code. A plain Error with a `code`
 * property is not one.
 */
export function isWebAuthnError(value: unknown, code?: ErrorCode): value is WebAuthnError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { [BRAND]?: unknown; code?: unknown };
  return candidate[BRAND] === true && CODES.has(candidate.code) && (code === undefined || candidate.code === code);
}

/** Throws a WebAuthnError: keeps one-line guards readable (`cond || fail(...)`). */
export function fail(code: ErrorCode, message: string, step?: string): never {
  throw new WebAuthnError(code, message, step === undefined ? {} : { step });
}
