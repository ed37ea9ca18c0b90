import { WebAuthnError } from '../errors.js';
import { fromBase64url } from '../encoding/base64url.js';
import { checkRpIdSyntax } from '../ceremony/rp-id-syntax.js';
import type { Base64URLString, CredentialRecord } from '../types.js';
import { checkRecords } from './records.js';

/**
 * Payloads for the Signal API (WebAuthn L3, "Signal Credential Changes to the Authenticator",
 * #sctn-signal-methods): the server builds them, the page passes them to
 * `PublicKeyCredential.signalUnknownCredential()`, `signalAllAcceptedCredentials()` and
 * `signalCurrentUserDetails()`. The two that carry account data are built only for the signed-in
 * user's own account ('not_authorized' otherwise): they would tell the page, and the user's
 * authenticators, which passkeys and names an account has.
 */

export interface UnknownCredentialOptions {
  rpId: string;
  credentialId: Base64URLString;
}

export interface AllAcceptedCredentialsOptions {
  rpId: string;
  userId: Base64URLString;
  allAcceptedCredentialIds: Base64URLString[];
}

export interface CurrentUserDetailsOptions {
  rpId: string;
  userId: Base64URLString;
  name: string;
  displayName: string;
}

/** Who is signed in: the user handle (user.id, base64url) of the session's account. */
export interface SignalSession {
  userId: Base64URLString;
}

/** Section 4: a credential ID is at most 1023 bytes. */
const MAX_CREDENTIAL_ID_BYTES = 1023;
/** Section 5.4.3: a user handle is 1 to 64 bytes. */
const MAX_USER_HANDLE_BYTES = 64;
const MAX_NAME_LENGTH = 1024;

/** The RP ID as the ceremonies take it: clients match it exactly, so "Example.com" or an IP address never matches. */
function checkRpId(rpId: unknown): string {
  if (typeof rpId !== 'string' || rpId.length === 0) throw new WebAuthnError('invalid_rp_id', 'rpId must be a domain such as "example.com"');
  return checkRpIdSyntax(rpId, 'rpId');
}

function checkCredentialId(id: unknown): string {
  const bytes = fromBase64url(id, 'credential id');
  if (bytes.length === 0) throw new WebAuthnError('invalid_options', 'a credential id cannot be empty');
  if (bytes.length > MAX_CREDENTIAL_ID_BYTES) {
    throw new WebAuthnError('credential_id_too_long', `a credential id is at most ${MAX_CREDENTIAL_ID_BYTES} bytes`);
  }
  return id as string;
}

function checkUserId(id: unknown): string {
  const bytes = fromBase64url(id, 'userId');
  if (bytes.length === 0 || bytes.length > MAX_USER_HANDLE_BYTES) {
    throw new WebAuthnError('invalid_options', `userId must be a user handle of 1 to ${MAX_USER_HANDLE_BYTES} bytes`);
  }
  return id as string;
}

/** The account must be the session's: base64url here is canonical, so equal handles are equal strings. */
function checkOwnAccount(session: unknown, userId: string): void {
  const s = session as SignalSession | null | undefined;
  if (typeof s !== 'object' || s === null || typeof s.userId !== 'string' || s.userId !== userId) {
    throw new WebAuthnError('not_authorized', 'account details are only signalled to the signed-in user of that account');
  }
}

function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > MAX_NAME_LENGTH) {
    throw new WebAuthnError('invalid_options', `${what} must be a string of at most ${MAX_NAME_LENGTH} characters`);
  }
  return value;
}

/**
 * For a sign-in with a credential the server does not know (deleted, or never stored): the
 * authenticator can then hide or remove it. Needs no session: the id came from the client.
 */
export function signalUnknownCredential(options: { rpId: string; credentialId: Base64URLString }): UnknownCredentialOptions {
  return { rpId: checkRpId(options?.rpId), credentialId: checkCredentialId(options.credentialId) };
}

/**
 * Every passkey the account still accepts, after a sign-in or a deletion. Authenticators may
 * remove any of this user's passkeys that are missing from the list, so `records` must be all of
 * the account's records, not a page of them. Records with a `userHandle` must belong to `userId`.
 */
export function signalAllAcceptedCredentials(options: {
  rpId: string;
  userId: Base64URLString;
  records: readonly Pick<CredentialRecord, 'id' | 'userHandle'>[];
  session: SignalSession;
}): AllAcceptedCredentialsOptions {
  const rpId = checkRpId(options?.rpId);
  const userId = checkUserId(options.userId);
  checkOwnAccount(options.session, userId);
  const records = checkRecords(options.records);
  for (const record of records) {
    if (record.userHandle !== undefined && record.userHandle !== userId) {
      throw new WebAuthnError('not_authorized', 'a record belongs to another account');
    }
  }
  const allAcceptedCredentialIds = [...new Set(records.map((r) => checkCredentialId(r.id)))];
  return { rpId, userId, allAcceptedCredentialIds };
}

/** The account's current name and display name, after the user changed them (or after a sign-in). */
export function signalCurrentUserDetails(options: {
  rpId: string;
  userId: Base64URLString;
  name: string;
  displayName: string;
  session: SignalSession;
}): CurrentUserDetailsOptions {
  const rpId = checkRpId(options?.rpId);
  const userId = checkUserId(options.userId);
  checkOwnAccount(options.session, userId);
  return { rpId, userId, name: checkName(options.name, 'name'), displayName: checkName(options.displayName, 'displayName') };
}
