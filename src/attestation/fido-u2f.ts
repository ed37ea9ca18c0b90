import { COSE_ALG, coseAlgorithm } from '../cose/algorithms.js';
import { concat } from '../encoding/bytes.js';
import { fail } from '../errors.js';
import { readSig, readX5c, verifySignature } from './statement.js';
import type { AttestationStatementInput, AttestationStatementResult } from './types.js';

const STEP = '8.6 fido-u2f';
const ES256 = coseAlgorithm(COSE_ALG.ES256)!;

/**
 * The FIDO U2F attestation statement format (WebAuthn L3 section 8.6): the raw U2F registration
 * signature over 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F, made by a
 * P-256 attestation key. Reported as Basic (or AttCA, which only outside metadata can tell).
 * The AAGUID must be all zeros ('attestation_aaguid_mismatch'): nothing signs it. Metadata finds a
 * U2F model by its attestation certificate's key identifier instead (TrustContext).
 */
export async function verifyFidoU2f(input: AttestationStatementInput): Promise<AttestationStatementResult> {
  const { attStmt, authData } = input;
  const sig = readSig(attStmt, STEP);
  // "Check that x5c has exactly one element and let attCert be that element."
  const x5c = attStmt.get('x5c');
  if (!Array.isArray(x5c) || x5c.length !== 1) fail('attestation_statement_invalid', 'fido-u2f attStmt "x5c" must hold exactly one certificate', STEP);
  const certificates = readX5c(attStmt, STEP);
  const [attCert] = certificates;
  // "If certificate public key is not an Elliptic Curve (EC) public key over the P-256 curve, terminate."
  const certKey = attCert.publicKey;
  if (certKey?.kind !== 'ec' || certKey.curve !== 'P-256') {
    fail('attestation_certificate_invalid', 'the fido-u2f attestation certificate key must be EC P-256', STEP);
  }

  // "Convert the COSE_KEY formatted credentialPublicKey to Raw ANSI X9.62 public key format": x and y of 32 bytes.
  const credentialKey = input.credentialKey.key;
  if (credentialKey.kind !== 'ec' || credentialKey.curve !== 'P-256') {
    fail('attestation_key_mismatch', 'a fido-u2f credential key must be EC2 P-256 (ES256)', STEP);
  }
  const attested = authData.attestedCredentialData;
  if (!attested) fail('attestation_statement_invalid', 'authenticator data has no attested credential data', STEP);
  // A U2F authenticator has no AAGUID: the platform writes 16 zero bytes (CTAP 2.1, "Using the CTAP2
  // authenticatorMakeCredential Command with CTAP1/U2F authenticators"), and the U2F signature below
  // does not cover it. Any other value was put there by the client and would name a model that
  // nothing attests, so trust anchors and metadata must never be looked up by it.
  if (attested.aaguid.some((byte) => byte !== 0)) {
    fail('attestation_aaguid_mismatch', 'a fido-u2f statement requires the all-zero AAGUID; the signature does not cover the AAGUID', STEP);
  }
  const publicKeyU2F = concat(new Uint8Array([0x04]), credentialKey.x, credentialKey.y);

  // "Let verificationData be 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F."
  const verificationData = concat(new Uint8Array([0x00]), authData.rpIdHash, input.clientDataHash, attested.credentialId, publicKeyU2F);
  // "Verify the sig using verificationData and the certificate public key per SEC1 4.1.4 with SHA-256."
  await verifySignature(ES256, certKey, verificationData, sig, STEP, 'the fido-u2f attestation signature');
  return { type: 'basic', trustPath: certificates, facts: { format: 'fido-u2f', x5cSubject: attCert.subject.text } };
}
