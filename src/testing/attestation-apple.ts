import { decodeCoseKey } from '../cose/key.js';
import { sha256 } from '../crypto/index.js';
import { concat } from '../encoding/bytes.js';
import { spkiOf } from './ca.js';
import type { AttestationChainShape } from './attestation-packed.js';
import type { AttestationSigner } from './authenticator.js';
import type { TestKeyPair } from './keys.js';
import { createCertificate, createIntermediateCa, createRootCa, type CertificateOptions, type IssuedCertificate } from './ca.js';

/**
 * Test `apple` anonymous attestation statements (WebAuthn L3 section 8.8): for each credential,
 * a credCert for the credential public key carrying nonce = SHA-256(authenticatorData ||
 * clientDataHash) in extension 1.2.840.113635.100.8.2, issued by the test CA.
 */

/** One change to an otherwise honest statement, for negative tests. */
export interface AppleTamper {
  /** The nonce to put in credCert, in place of SHA-256(authenticatorData || clientDataHash). */
  nonce?: Uint8Array;
  /** Leave the nonce extension out of credCert. */
  omitNonce?: boolean;
  /** Certify this key in place of the credential key. */
  certifiedKey?: TestKeyPair;
}

export interface AppleAttestationOptions {
  /** The trust anchor: issues the intermediate, or credCert when `chain` is 'leaf'. Default: a fresh test root CA. */
  issuer?: IssuedCertificate;
  /** Default 'leaf+intermediate' (as Apple's "WebAuthn CA 1" sits between credCert and the root): x5c = [credCert, intermediate]. */
  chain?: AttestationChainShape;
  /** Any other credCert fields to replace (subject, validity, extensions, ...). */
  credCertificate?: Partial<CertificateOptions>;
  tamper?: AppleTamper;
}

export interface AppleAttestation {
  /** Makes a statement for the software authenticator or a test (fmt "apple"); one certificate per call. */
  signer: AttestationSigner;
  /** x5c[1], when `chain` is 'leaf+intermediate'. */
  intermediate?: IssuedCertificate;
  /** The trust anchor to configure (not in x5c). */
  issuer: IssuedCertificate;
}

/** Apple's anonymous CA, as far as a relying party sees it: CA keys made once, one credCert per credential. */
export async function createAppleAttestation(options: AppleAttestationOptions = {}): Promise<AppleAttestation> {
  const issuer = options.issuer ?? (await createRootCa([['CN', 'passkey-rp Test Apple WebAuthn Root CA']]));
  const intermediate =
    (options.chain ?? 'leaf+intermediate') === 'leaf+intermediate'
      ? await createIntermediateCa(issuer, [['CN', 'passkey-rp Test Apple WebAuthn CA 1']])
      : undefined;
  const credCertIssuer = intermediate ?? issuer;
  const tamper = options.tamper ?? {};

  const signer: AttestationSigner = async ({ authData, clientDataHash, credential }) => {
    // 8.8 signing procedure: nonce = SHA-256(authenticatorData || clientDataHash), in a certificate
    // for the credential public key; x5c is credCert followed by its chain.
    const nonce = tamper.nonce ?? (await sha256(concat(authData, clientDataHash)));
    const certified = tamper.certifiedKey ?? credential;
    const credCert = await createCertificate({
      subject: [['CN', 'passkey-rp Test Apple credCert']],
      subjectKey: { spki: await spkiOf(decodeCoseKey(certified.cosePublicKey).key) },
      issuer: { name: credCertIssuer.name, key: credCertIssuer.key },
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature'],
      ...(tamper.omitNonce ? {} : { appleNonce: nonce }),
      ...options.credCertificate,
    });
    return {
      fmt: 'apple',
      attStmt: new Map<string, unknown>([['x5c', intermediate ? [credCert, intermediate.der] : [credCert]]]),
    };
  };
  return { signer, ...(intermediate ? { intermediate } : {}), issuer };
}
