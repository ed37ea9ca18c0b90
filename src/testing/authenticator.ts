import { encodeCbor } from '../encoding/cbor-encode.js';
import { fromBase64url, toBase64url } from '../encoding/base64url.js';
import { concat, fromUuid, randomBytes, utf8 } from '../encoding/bytes.js';
import { sha256 } from '../crypto/index.js';
import { generateTestKeyPair, signWithTestKey, exportTestKeyPair, importTestKeyPair, type TestKeyPair } from './keys.js';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '../types.js';

/**
 * A software authenticator plus client (the browser's part), for tests. It makes real
 * credentials and real signatures, and can break any single thing a verifier checks, so a
 * test can prove that the verifier catches exactly that.
 *
 * It is not an authenticator to ship: private keys live in memory in plain form.
 */

/** Produces an attestation statement for a new credential (the format's signing procedure). */
export type AttestationSigner<Statement = Map<string, unknown>> = (input: {
  authData: Uint8Array;
  clientDataHash: Uint8Array;
  credential: TestKeyPair;
}) => Promise<{ fmt: string; attStmt: Statement }>;

/** Any signer the authenticator takes: one statement, or the compound format's array of {fmt, attStmt} maps (L3 section 8.9). */
export type AnyAttestationSigner = AttestationSigner<Map<string, unknown> | Map<string, unknown>[]>;

/** Built-in statement formats; certificate-based ones come as AttestationSigners from the testing CA helpers. */
export type BuiltInAttestation = 'none' | 'packed-self';

export interface FlagOverrides {
  up?: boolean;
  uv?: boolean;
  be?: boolean;
  bs?: boolean;
  at?: boolean;
  ed?: boolean;
}

/** Everything a test may change in one ceremony. Unset members take the honest value. */
export interface CeremonyOverrides {
  type?: string;
  challenge?: string;
  origin?: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  /** Extra clientDataJSON members (e.g. tokenBinding). */
  clientDataExtra?: Record<string, unknown>;
  /**
   * Send these bytes as clientDataJSON in place of the generated ones. The signature (or the
   * attestation) still covers the hash of the generated clientDataJSON, not of these bytes.
   */
  clientDataJSON?: Uint8Array;
  /** The RP ID whose hash goes into authData. */
  rpId?: string;
  /** Flags to force; `at: true` on a sign-in also adds the credential's attested credential data. */
  flags?: FlagOverrides;
  signCount?: number;
  /** Authenticator extension outputs (CBOR map) to put in authData with the ED flag. */
  authenticatorExtensions?: Map<string, unknown>;
  /** The clientExtensionResults JSON the client reports. */
  clientExtensionResults?: Record<string, unknown>;
  /** response.id / rawId as the client reports them (base64url). */
  responseId?: string;
  rawId?: string;
  /** Flip a bit in the signature after signing. */
  corruptSignature?: boolean;
  /** Bytes appended to authData after signing. */
  appendToAuthData?: Uint8Array;
  /** response.userHandle as the client reports it (null to omit). */
  userHandle?: string | null;
  /** A different attestation signer for this one ceremony. */
  attestation?: BuiltInAttestation | AnyAttestationSigner;
  /** Transports the client reports. */
  transports?: AuthenticatorTransport[];
}

export interface SoftwareAuthenticatorOptions {
  /** AAGUID as a UUID string. Default: all zeros. */
  aaguid?: string;
  /** COSE algorithm for new credentials when the options allow it. Default: the first of pubKeyCredParams it supports. */
  algorithm?: number;
  attestation?: BuiltInAttestation | AnyAttestationSigner;
  /** Default true (a synced passkey provider). */
  backupEligible?: boolean;
  /** Default true. */
  backupState?: boolean;
  /** Whether the authenticator verifies the user. Default true. */
  userVerification?: boolean;
  /** 'increment' (default) adds one per signature; 'zero' never counts (like most passkey providers). */
  counter?: 'increment' | 'zero';
  transports?: AuthenticatorTransport[];
  authenticatorAttachment?: 'platform' | 'cross-platform';
  /** Credential ID length in bytes. Default 32. */
  credentialIdLength?: number;
  /** RSA modulus size for RS/PS keys. Default 2048. */
  rsaModulusLength?: number;
}

export interface StoredTestCredential {
  id: string;
  rpId: string;
  userHandle: string;
  signCount: number;
  keyPair: TestKeyPair;
}

const SUPPORTED = [-8, -7, -35, -36, -47, -19, -53, -257, -258, -259, -37, -38, -39, -48, -49, -50, -65535];

export class SoftwareAuthenticator {
  readonly credentials = new Map<string, StoredTestCredential>();
  readonly aaguid: Uint8Array;

  constructor(readonly options: SoftwareAuthenticatorOptions = {}) {
    const aaguid = options.aaguid === undefined ? new Uint8Array(16) : fromUuid(options.aaguid);
    if (!aaguid) throw new Error(`not a UUID: ${options.aaguid}`);
    this.aaguid = aaguid;
  }

  /** navigator.credentials.create() with these options, on `origin`. */
  async createCredential(
    creation: PublicKeyCredentialCreationOptionsJSON,
    origin: string,
    overrides: CeremonyOverrides = {},
  ): Promise<RegistrationResponseJSON> {
    const rpId = creation.rp.id ?? new URL(origin).hostname;
    const offered = creation.pubKeyCredParams.map((p) => p.alg);
    const alg = this.options.algorithm ?? offered.find((a) => SUPPORTED.includes(a));
    if (alg === undefined) throw new Error('no offered algorithm is supported by the software authenticator');
    const keyPair = await generateTestKeyPair(alg, { modulusLength: this.options.rsaModulusLength ?? 2048 });

    // excludeCredentials: a real authenticator refuses to make a second credential for the account.
    for (const excluded of creation.excludeCredentials ?? []) {
      if (this.credentials.has(excluded.id)) {
        throw new Error('InvalidStateError: the authenticator already holds an excluded credential');
      }
    }

    const credentialId = randomBytes(this.options.credentialIdLength ?? 32);
    const id = toBase64url(credentialId);
    const clientDataJSON = this.clientData('webauthn.create', creation.challenge, origin, overrides);
    const clientDataHash = await sha256(clientDataJSON);

    const signCount = overrides.signCount ?? 0;
    const attestedCredentialData = this.attestedCredentialData(credentialId, keyPair);
    const authData = await this.authenticatorData(overrides.rpId ?? rpId, signCount, overrides, attestedCredentialData);

    const signer = overrides.attestation ?? this.options.attestation ?? 'none';
    const { fmt, attStmt } = await resolveSigner(signer)({ authData, clientDataHash, credential: keyPair });
    const finalAuthData = overrides.appendToAuthData ? concat(authData, overrides.appendToAuthData) : authData;
    const attestationObject = encodeCbor(
      new Map<string, unknown>([
        ['fmt', fmt],
        ['attStmt', attStmt],
        ['authData', finalAuthData],
      ]),
    );

    this.credentials.set(id, { id, rpId, userHandle: creation.user.id, signCount, keyPair });
    return {
      id: overrides.responseId ?? id,
      rawId: overrides.rawId ?? overrides.responseId ?? id,
      type: 'public-key',
      response: {
        clientDataJSON: toBase64url(overrides.clientDataJSON ?? clientDataJSON),
        attestationObject: toBase64url(attestationObject),
        transports: overrides.transports ?? this.options.transports ?? ['internal', 'hybrid'],
        publicKeyAlgorithm: alg,
        authenticatorData: toBase64url(finalAuthData),
      },
      authenticatorAttachment: this.options.authenticatorAttachment ?? 'platform',
      clientExtensionResults: overrides.clientExtensionResults ?? { credProps: { rk: true } },
    };
  }

  /** navigator.credentials.get() with these options, on `origin`. Uses `credentialId` or the first matching credential. */
  async getAssertion(
    request: PublicKeyCredentialRequestOptionsJSON,
    origin: string,
    overrides: CeremonyOverrides & { credentialId?: string } = {},
  ): Promise<AuthenticationResponseJSON> {
    const rpId = request.rpId ?? new URL(origin).hostname;
    const allowed = (request.allowCredentials ?? []).map((c) => c.id);
    const candidates = [...this.credentials.values()].filter(
      (c) => c.rpId === rpId && (allowed.length === 0 || allowed.includes(c.id)) && (!overrides.credentialId || c.id === overrides.credentialId),
    );
    const credential = candidates[0];
    if (!credential) throw new Error('NotAllowedError: no credential for this RP on the software authenticator');

    if ((this.options.counter ?? 'increment') === 'increment') credential.signCount += 1;
    const signCount = overrides.signCount ?? credential.signCount;
    const clientDataJSON = this.clientData('webauthn.get', request.challenge, origin, overrides);
    // flags.at forces attested credential data into the assertion (a fault: L3 section 6.5.1).
    const attested = overrides.flags?.at ? this.attestedCredentialData(fromBase64url(credential.id), credential.keyPair) : undefined;
    const authData = await this.authenticatorData(overrides.rpId ?? rpId, signCount, overrides, attested);
    const signed = concat(authData, await sha256(clientDataJSON));
    const signature = await signWithTestKey(credential.keyPair, signed);
    if (overrides.corruptSignature) signature[signature.length - 1]! ^= 0x01;
    const finalAuthData = overrides.appendToAuthData ? concat(authData, overrides.appendToAuthData) : authData;

    const response: AuthenticationResponseJSON['response'] = {
      clientDataJSON: toBase64url(overrides.clientDataJSON ?? clientDataJSON),
      authenticatorData: toBase64url(finalAuthData),
      signature: toBase64url(signature),
    };
    const userHandle = overrides.userHandle === undefined ? credential.userHandle : overrides.userHandle;
    if (userHandle !== null) response.userHandle = userHandle;
    return {
      id: overrides.responseId ?? credential.id,
      rawId: overrides.rawId ?? overrides.responseId ?? credential.id,
      type: 'public-key',
      response,
      authenticatorAttachment: this.options.authenticatorAttachment ?? 'platform',
      clientExtensionResults: overrides.clientExtensionResults ?? {},
    };
  }

  /** A JSON-safe copy of the stored credentials (private keys included), to record fixtures. */
  async exportCredentials(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const c of this.credentials.values()) {
      out.push({ id: c.id, rpId: c.rpId, userHandle: c.userHandle, signCount: c.signCount, keyPair: await exportTestKeyPair(c.keyPair) });
    }
    return out;
  }

  async importCredentials(list: readonly unknown[]): Promise<void> {
    for (const item of list as StoredTestCredential[]) {
      this.credentials.set(item.id, { ...item, keyPair: await importTestKeyPair(item.keyPair as never) });
    }
  }

  private attestedCredentialData(credentialId: Uint8Array, keyPair: TestKeyPair): Uint8Array {
    return concat(this.aaguid, new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]), credentialId, keyPair.cosePublicKey);
  }

  private clientData(type: string, challenge: string, origin: string, o: CeremonyOverrides): Uint8Array {
    const data: Record<string, unknown> = { type: o.type ?? type, challenge: o.challenge ?? challenge, origin: o.origin ?? origin };
    const crossOrigin = o.crossOrigin ?? false;
    data.crossOrigin = crossOrigin;
    if (o.topOrigin !== undefined) data.topOrigin = o.topOrigin;
    Object.assign(data, o.clientDataExtra);
    return utf8(JSON.stringify(data));
  }

  private async authenticatorData(
    rpId: string,
    signCount: number,
    o: CeremonyOverrides,
    attestedCredentialData?: Uint8Array,
  ): Promise<Uint8Array> {
    const f = o.flags ?? {};
    const up = f.up ?? true;
    const uv = f.uv ?? this.options.userVerification ?? true;
    const be = f.be ?? this.options.backupEligible ?? true;
    const bs = f.bs ?? (be ? (this.options.backupState ?? true) : false);
    // AT forced off drops the attested data too, as an authenticator that omits it would.
    const at = f.at ?? attestedCredentialData !== undefined;
    if (!at) attestedCredentialData = undefined;
    const ed = f.ed ?? o.authenticatorExtensions !== undefined;
    const flags = (up ? 0x01 : 0) | (uv ? 0x04 : 0) | (be ? 0x08 : 0) | (bs ? 0x10 : 0) | (at ? 0x40 : 0) | (ed ? 0x80 : 0);
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, signCount >>> 0);
    return concat(
      await sha256(utf8(rpId)),
      new Uint8Array([flags]),
      count,
      attestedCredentialData ?? new Uint8Array(0),
      o.authenticatorExtensions ? encodeCbor(o.authenticatorExtensions) : new Uint8Array(0),
    );
  }
}

function resolveSigner(signer: BuiltInAttestation | AnyAttestationSigner): AnyAttestationSigner {
  if (typeof signer === 'function') return signer;
  if (signer === 'none') return async () => ({ fmt: 'none', attStmt: new Map() });
  // Packed self attestation: signed with the credential key itself (WebAuthn L3 section 8.2).
  return async ({ authData, clientDataHash, credential }) => ({
    fmt: 'packed',
    attStmt: new Map<string, unknown>([
      ['alg', credential.alg],
      ['sig', await signWithTestKey(credential, concat(authData, clientDataHash))],
    ]),
  });
}

/** Decodes a base64url member of a response JSON (handy in tests that tamper with bytes). */
export function responseBytes(value: string): Uint8Array {
  return fromBase64url(value);
}
