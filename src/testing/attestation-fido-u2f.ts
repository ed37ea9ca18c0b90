import { decodeCoseKey } from '../cose/key.js';
import { concat } from '../encoding/bytes.js';
import { parseAuthenticatorData } from '../parse/authenticator-data.js';
import type { AttestationSigner } from './authenticator.js';
import {
  createLeafCertificate,
  createRootCa,
  generateCertificateKey,
  type CertificateKey,
  type CertificateKeyAlgorithm,
  type CertificateOptions,
  type IssuedCertificate,
  type NameSpec,
} from './ca.js';

/**
 * Test `fido-u2f` attestation statements (WebAuthn L3 section 8.6): the raw U2F registration
 * signature (FIDO U2F Raw Message Formats section 4.3) by a batch attestation key whose
 * certificate the test CA issues once. Every checked part can be broken.
 */

/** One change to an otherwise honest statement, for negative tests. */
export interface FidoU2fTamper {
  /** Put the issuer's certificate in x5c after the attestation certificate (8.6 allows exactly one). */
  includeIssuer?: boolean;
  /**
   * Sign over this user public key in place of the credential's 0x04 || x || y; it also lets a
   * credential that is not ES256 get a statement, which the signing procedure otherwise refuses.
   */
  publicKeyU2F?: Uint8Array;
  /** Flip a bit of `sig` after signing. */
  corruptSignature?: boolean;
  /** attStmt members to set (undefined deletes one), applied last. */
  attStmt?: Record<string, unknown>;
}

export interface FidoU2fAttestationOptions {
  /** Issues the attestation certificate, and is the trust anchor. Default: a fresh test root CA. */
  issuer?: IssuedCertificate;
  /** The attestation key's algorithm. Default and only honest value 'ES256' (U2F keys are P-256). */
  alg?: CertificateKeyAlgorithm;
  /** The attestation key, of algorithm `alg`. Default: a fresh one. */
  attestationKey?: CertificateKey;
  /** The attestation certificate's subject. Default CN "passkey-rp Test U2F Batch". */
  subject?: NameSpec;
  /** Any other attestation certificate fields to replace (validity, extensions, ...). */
  attestationCertificate?: Partial<CertificateOptions>;
  tamper?: FidoU2fTamper;
}

export interface FidoU2fAttestation {
  /** Makes a statement for the software authenticator or a test (fmt "fido-u2f"); one signature per call. */
  signer: AttestationSigner;
  /** The attestation certificate, x5c[0]. */
  leaf: IssuedCertificate;
  /** The trust anchor to configure (not in x5c). */
  issuer: IssuedCertificate;
}

/**
 * A U2F authenticator model: an attestation key and certificate made once, and a signer that,
 * for each credential, signs 0x00 || rpIdHash || clientDataHash || credentialId || publicKeyU2F,
 * reading the first three from the authenticator data and the last from the credential's key.
 */
export async function createFidoU2fAttestation(options: FidoU2fAttestationOptions = {}): Promise<FidoU2fAttestation> {
  const alg = options.alg ?? 'ES256';
  const issuer = options.issuer ?? (await createRootCa([['CN', 'passkey-rp Test U2F Root CA']]));
  const key = options.attestationKey ?? (await generateCertificateKey(alg));
  if (key.alg !== alg) throw new Error(`attestationKey is ${key.alg}, not ${alg}`);
  const leaf = await createLeafCertificate(issuer, {
    key,
    subject: options.subject ?? [['CN', 'passkey-rp Test U2F Batch']],
    ...options.attestationCertificate,
  });
  const tamper = options.tamper ?? {};

  const signer: AttestationSigner = async ({ authData, clientDataHash, credential }) => {
    const { rpIdHash, attestedCredentialData } = parseAuthenticatorData(authData);
    if (!attestedCredentialData) throw new Error('fido-u2f: the authenticator data has no attested credential data');
    // 8.6 signing procedure: "If the credential public key ... is not of algorithm -7 ("ES256"), stop and return an error."
    let publicKeyU2F = tamper.publicKeyU2F;
    if (!publicKeyU2F) {
      const publicKey = decodeCoseKey(credential.cosePublicKey).key;
      if (publicKey.kind !== 'ec' || publicKey.curve !== 'P-256') throw new Error('fido-u2f: the credential key must be ES256 (EC P-256)');
      publicKeyU2F = concat(Uint8Array.of(0x04), publicKey.x, publicKey.y);
    }
    // U2F section 4.3: the registration signature covers 0x00, the application parameter (rpIdHash),
    // the challenge parameter (clientDataHash), the key handle (credential ID) and the user public key.
    const sig = await key.sign(concat(Uint8Array.of(0x00), rpIdHash, clientDataHash, attestedCredentialData.credentialId, publicKeyU2F));
    if (tamper.corruptSignature) sig[sig.length - 1]! ^= 0x01;
    const attStmt = new Map<string, unknown>([
      ['sig', sig],
      ['x5c', tamper.includeIssuer ? [leaf.der, issuer.der] : [leaf.der]],
    ]);
    for (const [member, value] of Object.entries(tamper.attStmt ?? {})) {
      if (value === undefined) attStmt.delete(member);
      else attStmt.set(member, value);
    }
    return { fmt: 'fido-u2f', attStmt };
  };
  return { signer, leaf, issuer };
}
