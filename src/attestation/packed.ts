import { fail } from '../errors.js';
import { nameValues, type Certificate } from '../x509/index.js';
import { checkAaguidExtension } from './aaguid-extension.js';
import { keyFitsAlgorithm, readAlg, readSig, readX5c, signedData, verifySignature } from './statement.js';
import type { AttestationStatementInput, AttestationStatementResult } from './types.js';

const STEP = '8.2 packed';
const CERT_STEP = '8.2.1 packed';

/** WebAuthn L3 section 8.2.1: what a packed attestation certificate must be. */
function checkCertificateRequirements(certificate: Certificate): void {
  const bad = (message: string): never => fail('attestation_certificate_invalid', `packed attestation certificate ${message}`, CERT_STEP);
  if (certificate.version !== 3) bad(`must be version 3, not ${certificate.version}`);
  // "Subject field MUST be set to: Subject-C, Subject-O, Subject-OU ("Authenticator Attestation"), Subject-CN".
  const subject = certificate.subject;
  for (const attribute of ['C', 'O', 'CN']) {
    if (nameValues(subject, attribute).length !== 1) bad(`subject must have exactly one ${attribute}`);
  }
  const ou = nameValues(subject, 'OU');
  if (ou.length !== 1 || ou[0] !== 'Authenticator Attestation') bad('subject OU must be "Authenticator Attestation"');
  // "The Basic Constraints extension MUST have the CA component set to false." An absent extension has
  // cA false by default (RFC 5280 section 4.2.1.9), which is how many deployed certificates do it.
  if (certificate.basicConstraints?.ca) bad('must not be a CA (basicConstraints cA is true)');
}

/**
 * The packed attestation statement format (WebAuthn L3 section 8.2): full attestation with an
 * x5c chain (type Basic, or AttCA when the caller's metadata says so; reported as Basic), or
 * self attestation with the credential key.
 */
export async function verifyPacked(input: AttestationStatementInput): Promise<AttestationStatementResult> {
  const { attStmt } = input;
  // "Verify that attStmt is valid CBOR conforming to the syntax defined above."
  const algorithm = readAlg(attStmt, STEP);
  const sig = readSig(attStmt, STEP);
  const data = signedData(input);

  if (attStmt.has('x5c')) {
    const x5c = readX5c(attStmt, STEP);
    const [attestnCert] = x5c;
    // "Verify that sig is a valid signature over authenticatorData || clientDataHash using the
    // attestation public key in attestnCert with the algorithm specified in alg."
    if (!attestnCert.publicKey) fail('attestation_certificate_invalid', 'the attestation certificate has a key type this library does not verify', STEP);
    if (!keyFitsAlgorithm(attestnCert.publicKey, algorithm)) {
      fail('attestation_key_mismatch', `alg ${algorithm.name} does not fit the attestation certificate's key`, STEP);
    }
    await verifySignature(algorithm, attestnCert.publicKey, data, sig, STEP, 'the packed attestation signature');
    // "Verify that attestnCert meets the requirements in section 8.2.1."
    checkCertificateRequirements(attestnCert);
    // "If attestnCert contains an extension with OID 1.3.6.1.4.1.45724.1.1.4 verify that [it] matches the aaguid."
    checkAaguidExtension(attestnCert, input.authData, CERT_STEP);
    return { type: 'basic', trustPath: x5c, facts: { format: 'packed', x5cSubject: attestnCert.subject.text } };
  }

  // Self attestation: "Validate that alg matches the algorithm of the credentialPublicKey in authenticatorData."
  if (algorithm.alg !== input.credentialKey.alg) {
    fail('attestation_key_mismatch', `self attestation alg ${algorithm.alg} is not the credential key's alg ${input.credentialKey.alg}`, STEP);
  }
  // "Verify that sig is a valid signature over authenticatorData || clientDataHash using the credential public key with alg."
  await verifySignature(algorithm, input.credentialKey.key, data, sig, STEP, 'the packed self attestation signature');
  return { type: 'self', trustPath: [], facts: { format: 'packed' } };
}
