import { WebAuthnError } from '../errors.js';
import { equalBytes, toUuid } from '../encoding/bytes.js';
import type { AuthenticatorData } from '../parse/authenticator-data.js';
import { contents, findExtension, readWhole, TAG, type Certificate } from '../x509/index.js';

/** id-fido-gen-ce-aaguid (WebAuthn L3 sections 8.2.1 and 8.3.1). */
export const FIDO_GEN_CE_AAGUID = '1.3.6.1.4.1.45724.1.1.4';

/**
 * "If the certificate contains an extension with OID 1.3.6.1.4.1.45724.1.1.4 (id-fido-gen-ce-aaguid)
 * verify that the value of this extension matches the aaguid in authenticatorData", and the
 * extension "MUST NOT be marked as critical" (WebAuthn L3 sections 8.2.1, 8.3.1). Its value is an
 * OCTET STRING holding the 16-byte AAGUID. Absent extension: nothing to check.
 */
export function checkAaguidExtension(certificate: Certificate, authData: AuthenticatorData, step: string): void {
  const extension = findExtension(certificate, FIDO_GEN_CE_AAGUID);
  if (!extension) return;
  if (extension.critical) {
    throw new WebAuthnError('attestation_certificate_invalid', 'the id-fido-gen-ce-aaguid extension must not be critical', { step });
  }
  let aaguid: Uint8Array;
  try {
    aaguid = contents(extension.value, readWhole(extension.value, TAG.OCTET_STRING, 'id-fido-gen-ce-aaguid'));
  } catch (cause) {
    throw new WebAuthnError('attestation_certificate_invalid', 'the id-fido-gen-ce-aaguid extension is not an OCTET STRING', { step, cause });
  }
  if (aaguid.length !== 16) {
    throw new WebAuthnError('attestation_certificate_invalid', 'the id-fido-gen-ce-aaguid extension is not 16 bytes', { step });
  }
  const expected = authData.attestedCredentialData?.aaguid;
  if (!expected || !equalBytes(aaguid, expected)) {
    throw new WebAuthnError(
      'attestation_aaguid_mismatch',
      `the certificate's AAGUID ${toUuid(aaguid)} does not match authenticator data (${expected ? toUuid(expected) : 'none'}) (id-fido-gen-ce-aaguid 1.3.6.1.4.1.45724.1.1.4)`,
      { step },
    );
  }
}
