import { sha256 } from '../crypto/index.js';
import { equalBytes } from '../encoding/bytes.js';
import { fail } from '../errors.js';
import { children, contents, findExtension, publicKeysEqual, readTlv, readWhole, TAG, type Certificate } from '../x509/index.js';
import { readX5c, signedData } from './statement.js';
import type { AttestationStatementInput, AttestationStatementResult } from './types.js';

const STEP = '8.8 apple';
/** The Apple anonymous attestation nonce extension. */
export const APPLE_NONCE_OID = '1.2.840.113635.100.8.2';

/**
 * The nonce in credCert's 1.2.840.113635.100.8.2 extension. Its value is
 * SEQUENCE { [1] EXPLICIT OCTET STRING nonce } (the shape Apple's certificates carry).
 */
function readNonce(credCert: Certificate): Uint8Array {
  const extension = findExtension(credCert, APPLE_NONCE_OID);
  if (!extension) fail('attestation_certificate_invalid', `credCert has no nonce extension ${APPLE_NONCE_OID}`, STEP);
  try {
    const value = extension.value;
    const seq = readWhole(value, TAG.SEQUENCE, 'Apple nonce extension');
    const [tagged, ...rest] = children(value, seq, 'Apple nonce extension');
    if (!tagged || rest.length > 0 || tagged.tag !== 0xa1) throw new Error('not SEQUENCE { [1] ... }');
    const octets = readTlv(value, tagged.contentStart, tagged.end, 'Apple nonce extension');
    if (octets.tag !== TAG.OCTET_STRING || octets.end !== tagged.end) throw new Error('[1] does not hold one OCTET STRING');
    return contents(value, octets);
  } catch (cause) {
    return fail('attestation_certificate_invalid', `credCert nonce extension is malformed (${(cause as Error).message})`, STEP);
  }
}

/**
 * The Apple anonymous attestation statement format (WebAuthn L3 section 8.8): credCert certifies
 * the credential key and carries nonce = SHA-256(authenticatorData || clientDataHash). Type AnonCA.
 */
export async function verifyApple(input: AttestationStatementInput): Promise<AttestationStatementResult> {
  const x5c = readX5c(input.attStmt, STEP);
  const [credCert] = x5c;
  // Steps 2-4: nonce = SHA-256(authenticatorData || clientDataHash) must equal the extension value.
  const nonce = await sha256(signedData(input));
  if (!equalBytes(nonce, readNonce(credCert))) fail('attestation_nonce_mismatch', 'credCert nonce does not match SHA-256(authenticatorData || clientDataHash)', STEP);
  // Step 5: "Verify that the credential public key equals the Subject Public Key of credCert."
  if (!credCert.publicKey || !publicKeysEqual(credCert.publicKey, input.credentialKey.key)) {
    fail('attestation_key_mismatch', 'the credential public key is not the key credCert certifies', STEP);
  }
  return { type: 'anonca', trustPath: x5c, facts: { format: 'apple' } };
}
