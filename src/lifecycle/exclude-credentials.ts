import { fromBase64url } from '../encoding/base64url.js';
import type { CredentialRecord, PublicKeyCredentialDescriptorJSON } from '../types.js';
import { checkRecords } from './records.js';

/**
 * `excludeCredentials` for a registration in an existing account (WebAuthn L3 section 5.4: the RP
 * SHOULD list the account's existing credentials): one "credential descriptor for a credential
 * record" (section 4) per record, with its transports as hints. An authenticator that already
 * holds one of them refuses to make another, so a second passkey lands on another authenticator.
 */
export function excludeCredentialsFor(
  records: readonly Pick<CredentialRecord, 'id' | 'transports'>[],
): PublicKeyCredentialDescriptorJSON[] {
  checkRecords(records);
  return records.map((record) => {
    fromBase64url(record.id, 'credential id');
    const descriptor: PublicKeyCredentialDescriptorJSON = { id: record.id, type: 'public-key' };
    // Transports are hints; unknown values pass through (section 5.2.1, [[transports]]: RPs SHOULD store them).
    const transports = Array.isArray(record.transports) ? record.transports.filter((t) => typeof t === 'string') : [];
    if (transports.length > 0) descriptor.transports = [...new Set(transports)];
    return descriptor;
  });
}
