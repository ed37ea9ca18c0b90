import { toDescriptors } from '../ceremony/descriptors.js';
import type { CredentialRecord, PublicKeyCredentialDescriptorJSON } from '../types.js';
import { checkRecords } from './records.js';

/**
 * `excludeCredentials` for a registration in an existing account (WebAuthn L3 section 5.4: the RP
 * SHOULD list the account's existing credentials): one "credential descriptor for a credential
 * record" (section 4) per record, with its transports as hints. An authenticator that already
 * holds one of them refuses to make another, so a second passkey lands on another authenticator.
 * The same descriptors `generateRegistrationOptions({ excludeCredentials: records })` builds.
 */
export function excludeCredentialsFor(
  records: readonly Pick<CredentialRecord, 'id' | 'transports'>[],
): PublicKeyCredentialDescriptorJSON[] {
  checkRecords(records);
  return toDescriptors(records, 'excludeCredentials');
}
