import { WebAuthnError } from '../errors.js';
import { fromBase64url } from '../encoding/base64url.js';

/** A user handle is 1 to 64 bytes (WebAuthn L3 §5.1.3 step 5: clients throw a TypeError otherwise). */
export const MAX_USER_HANDLE_LENGTH = 64;

/** Base64url of 64 bytes is 86 characters: anything longer is refused before decoding. */
const MAX_ENCODED_LENGTH = Math.ceil((MAX_USER_HANDLE_LENGTH * 4) / 3);

/**
 * The bytes of a user handle the host application passes (options.user.id): a Uint8Array or its
 * base64url text, so that the value given to generateRegistrationOptions and the one given to
 * verifyRegistrationResponse may be the same. 'invalid_options' unless it holds 1 to 64 bytes.
 */
export function userHandleBytes(value: unknown, what: string): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    bytes = value;
  } else if (typeof value === 'string' && value.length <= MAX_ENCODED_LENGTH) {
    try {
      bytes = fromBase64url(value, what);
    } catch (cause) {
      throw new WebAuthnError('invalid_options', `${what} is not base64url`, { cause });
    }
  } else if (typeof value === 'string') {
    throw new WebAuthnError('invalid_options', `${what} must be 1 to ${MAX_USER_HANDLE_LENGTH} bytes`);
  } else {
    throw new WebAuthnError('invalid_options', `${what} must be a Uint8Array or a base64url string`);
  }
  if (bytes.length === 0 || bytes.length > MAX_USER_HANDLE_LENGTH) {
    throw new WebAuthnError('invalid_options', `${what} must be 1 to ${MAX_USER_HANDLE_LENGTH} bytes`);
  }
  return bytes;
}
