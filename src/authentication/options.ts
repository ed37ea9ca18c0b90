import { WebAuthnError } from '../errors.js';
import { randomBytes } from '../encoding/bytes.js';
import { toBase64url } from '../encoding/base64url.js';
import { normaliseChallenge } from '../ceremony/challenge.js';
import { checkHints } from '../ceremony/hints.js';
import { toDescriptors, type CredentialSelector } from '../ceremony/descriptors.js';
import { optionalPlainObject, requireInputObject } from '../ceremony/caller-input.js';
import { checkRpIdSyntax } from '../ceremony/rp-id-syntax.js';
import type {
  AuthenticationExtensionsClientInputsJSON,
  PublicKeyCredentialHint,
  PublicKeyCredentialRequestOptionsJSON,
  UserVerificationRequirement,
} from '../types.js';

export interface GenerateAuthenticationOptionsInput {
  /** A domain such as "example.com": no scheme, port or path, lowercase (else invalid_rp_id). */
  rpID: string;
  /**
   * The account's credentials when the user is already known: its records, descriptors or
   * credential ids (verifyAuthenticationResponse takes the same list). Leave empty for
   * discoverable sign-in (a "Sign in with a passkey" button) and for autofill (mediation: "conditional").
   */
  allowCredentials?: readonly CredentialSelector[];
  /** Default: 32 random bytes. */
  challenge?: string | Uint8Array;
  /** Milliseconds; default 300000. */
  timeout?: number;
  /** Default 'preferred'. */
  userVerification?: UserVerificationRequirement;
  hints?: readonly PublicKeyCredentialHint[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/** Builds PublicKeyCredentialRequestOptionsJSON (WebAuthn L3 section 5.5). */
export function generateAuthenticationOptions(input: GenerateAuthenticationOptionsInput): PublicKeyCredentialRequestOptionsJSON {
  requireInputObject(input, 'generateAuthenticationOptions');
  const rpId = checkRpIdSyntax(input.rpID, 'rpID');
  const timeout = input.timeout ?? 300_000;
  if (!Number.isInteger(timeout) || timeout <= 0) throw new WebAuthnError('invalid_options', 'timeout must be a positive integer');
  const options: PublicKeyCredentialRequestOptionsJSON = {
    challenge: input.challenge === undefined ? toBase64url(randomBytes(32)) : normaliseChallenge(input.challenge),
    timeout,
    rpId,
    allowCredentials: toDescriptors(input.allowCredentials, 'allowCredentials'),
    userVerification: input.userVerification ?? 'preferred',
  };
  const hints = checkHints(input.hints);
  if (hints && hints.length > 0) options.hints = hints;
  const extensions = optionalPlainObject(input.extensions, 'extensions');
  if (extensions) options.extensions = { ...extensions };
  return options;
}
