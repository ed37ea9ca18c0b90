import { AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AuthorizationList, IntegerSet, KeyDescription } from '@peculiar/asn1-android';
import { ecdsaDerToRaw } from '../crypto/der.js';
import { decodeCoseKey } from '../cose/key.js';
import { toBase64url } from '../encoding/base64url.js';
import { concat, utf8 } from '../encoding/bytes.js';
import { ANDROID_KEY_DESCRIPTION_OID, KM_ORIGIN_GENERATED, KM_PURPOSE_SIGN } from '../attestation/android-key-description.js';
import { SAFETYNET_HOSTNAME } from '../attestation/android-safetynet.js';
import type { AndroidSecurityLevel } from '../attestation/types.js';
import type { AttestationSigner } from './authenticator.js';
import { signWithTestKey, type TestKeyPair } from './keys.js';
import { spkiOf } from './ca.js';
import {
  createCertificate,
  createLeafCertificate,
  createRootCa,
  type CertificateKeyAlgorithm,
  type IssuedCertificate,
} from './ca.js';

/**
 * Test `android-key` (WebAuthn L3 section 8.4) and `android-safetynet` (section 8.5)
 * attestation statements, from the test CA. Every checked field can be changed on its own.
 */

const SECURITY_LEVELS: Record<AndroidSecurityLevel, number> = { software: 0, trustedEnvironment: 1, strongBox: 2 };

/** The AuthorizationList members the verifier reads. */
export interface AuthorizationListSpec {
  purpose?: readonly number[];
  origin?: number;
  allApplications?: boolean;
}

export interface KeyDescriptionSpec {
  /** Default 300 (KeyMint 3). */
  attestationVersion?: number;
  /** attestationSecurityLevel and keymasterSecurityLevel. Default 'trustedEnvironment'. */
  securityLevel?: AndroidSecurityLevel;
  attestationChallenge: Uint8Array;
  softwareEnforced?: AuthorizationListSpec;
  teeEnforced?: AuthorizationListSpec;
}

function authorizationList(spec: AuthorizationListSpec = {}): AuthorizationList {
  const list = new AuthorizationList();
  if (spec.purpose) list.purpose = new IntegerSet([...spec.purpose]);
  if (spec.allApplications) list.allApplications = null;
  if (spec.origin !== undefined) list.origin = spec.origin;
  return list;
}

/** The DER of a KeyDescription, the value of extension 1.3.6.1.4.1.11129.2.1.17. */
export function encodeKeyDescription(spec: KeyDescriptionSpec): Uint8Array {
  const version = spec.attestationVersion ?? 300;
  const level = SECURITY_LEVELS[spec.securityLevel ?? 'trustedEnvironment'];
  const description = new KeyDescription({
    attestationVersion: version,
    attestationSecurityLevel: level,
    keymasterVersion: version,
    keymasterSecurityLevel: level,
    attestationChallenge: new OctetString(spec.attestationChallenge),
    uniqueId: new OctetString(new Uint8Array(0)),
    softwareEnforced: authorizationList(spec.softwareEnforced),
    teeEnforced: authorizationList(spec.teeEnforced ?? { purpose: [KM_PURPOSE_SIGN], origin: KM_ORIGIN_GENERATED }),
  });
  return new Uint8Array(AsnSerializer.serialize(description));
}

export interface AndroidKeyAttestationOptions {
  /** Issues the credential certificate. Default: a fresh test root CA. */
  issuer?: IssuedCertificate;
  /** The key description; attestationChallenge defaults to clientDataHash. */
  keyDescription?: Partial<KeyDescriptionSpec>;
  /** Leave the key description extension out of the certificate. */
  omitKeyDescription?: boolean;
  /** Certify (and sign with) this key instead of the credential key. */
  certifiedKey?: TestKeyPair;
}

export interface AndroidKeyAttestation {
  signer: AttestationSigner;
  /** x5c[1], and the trust anchor to configure. */
  issuer: IssuedCertificate;
}

/**
 * An Android keystore that attests credentials: for each one, a certificate for the credential
 * key carrying the key description (challenge = clientDataHash, a TEE-enforced signing key
 * generated in the keystore), and `sig` made with the credential key.
 */
export async function createAndroidKeyAttestation(options: AndroidKeyAttestationOptions = {}): Promise<AndroidKeyAttestation> {
  const issuer = options.issuer ?? (await createRootCa([['CN', 'passkey-rp Test Android Attestation Root']]));
  const signer: AttestationSigner = async ({ authData, clientDataHash, credential }) => {
    const certified = options.certifiedKey ?? credential;
    const keyDescription = encodeKeyDescription({ attestationChallenge: clientDataHash, ...options.keyDescription });
    const credCert = await createCertificate({
      subject: [['CN', 'Android Keystore Key']],
      subjectKey: { spki: await spkiOf(decodeCoseKey(certified.cosePublicKey).key) },
      issuer: { name: issuer.name, key: issuer.key },
      keyUsage: ['digitalSignature'],
      extensions: options.omitKeyDescription ? [] : [{ oid: ANDROID_KEY_DESCRIPTION_OID, value: keyDescription }],
    });
    return {
      fmt: 'android-key',
      attStmt: new Map<string, unknown>([
        ['alg', certified.alg],
        ['sig', await signWithTestKey(certified, concat(authData, clientDataHash))],
        ['x5c', [credCert, issuer.der]],
      ]),
    };
  };
  return { signer, issuer };
}

export interface SafetyNetAttestationOptions {
  /** Issues the attest.android.com certificate. Default: a fresh test root CA. */
  issuer?: IssuedCertificate;
  /** The JWS signing key's algorithm (the JWS "alg"). Default 'RS256', as Google signs. */
  alg?: Extract<CertificateKeyAlgorithm, 'RS256' | 'ES256'>;
  /** The leaf certificate's host name (SAN dNSName and CN). Default attest.android.com. */
  hostname?: string;
  /** Default "252037029". */
  ver?: string;
  /**
   * Payload members to set over the honest ones (SafetyNet documentation, "compatibility check
   * response"): nonce, timestampMs (now), apkPackageName, ctsProfileMatch and basicIntegrity (true).
   * Any value goes, to test how a verifier treats a wrong type.
   */
  payload?: Record<string, unknown>;
  /** Flip a bit of the JWS signature. */
  corruptSignature?: boolean;
  /** Rewrite the compact JWS text before it goes into `response`, e.g. to malform it. */
  rewriteResponse?: (jws: string) => string;
}

export interface SafetyNetAttestation {
  signer: AttestationSigner;
  /** The attest.android.com certificate (x5c[0]). */
  leaf: IssuedCertificate;
  /** x5c[1], and the trust anchor to configure. */
  issuer: IssuedCertificate;
}

/** Standard base64 with padding, as SafetyNet encodes nonce and x5c. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The SafetyNet service, as far as a relying party sees it: a JWS (RFC 7515 compact) whose
 * header carries x5c [leaf, issuer] and whose payload carries the nonce
 * base64(SHA-256(authenticatorData || clientDataHash)), the time, and the device verdicts.
 */
export async function createSafetyNetAttestation(options: SafetyNetAttestationOptions = {}): Promise<SafetyNetAttestation> {
  const alg = options.alg ?? 'RS256';
  const hostname = options.hostname ?? SAFETYNET_HOSTNAME;
  const issuer = options.issuer ?? (await createRootCa([['CN', 'passkey-rp Test SafetyNet Root']]));
  const leaf = await createLeafCertificate(issuer, {
    alg,
    subject: [['CN', hostname]],
    subjectAltName: [{ dns: hostname }],
  });

  const signer: AttestationSigner = async ({ authData, clientDataHash }) => {
    const nonce = base64(new Uint8Array(await crypto.subtle.digest('SHA-256', concat(authData, clientDataHash) as Uint8Array<ArrayBuffer>)));
    const payload: Record<string, unknown> = {
      nonce,
      timestampMs: Date.now(),
      apkPackageName: 'com.google.android.gms',
      ctsProfileMatch: true,
      basicIntegrity: true,
      evaluationType: 'BASIC,HARDWARE_BACKED',
      ...options.payload,
    };
    const header = { alg, x5c: [base64(leaf.der), base64(issuer.der)] };
    const signingInput = `${toBase64url(utf8(JSON.stringify(header)))}.${toBase64url(utf8(JSON.stringify(payload)))}`;
    let signature = await leaf.key.sign(utf8(signingInput));
    // RFC 7518 section 3.4: a JWS ECDSA signature is r || s, not DER.
    if (alg === 'ES256') signature = ecdsaDerToRaw(signature, 'P-256');
    if (options.corruptSignature) signature[signature.length >> 1]! ^= 0x01;
    const jws = `${signingInput}.${toBase64url(signature)}`;
    return {
      fmt: 'android-safetynet',
      attStmt: new Map<string, unknown>([
        ['ver', options.ver ?? '252037029'],
        ['response', utf8(options.rewriteResponse ? options.rewriteResponse(jws) : jws)],
      ]),
    };
  };
  return { signer, leaf, issuer };
}
