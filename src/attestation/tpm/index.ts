import { backend } from '../../crypto/index.js';
import type { HashAlgorithm, PublicKeyMaterial } from '../../crypto/types.js';
import type { CborMap } from '../../encoding/cbor.js';
import { WebAuthnError } from '../../errors.js';
import { concat, equalBytes } from '../../encoding/bytes.js';
import { publicKeysEqual } from '../../x509/index.js';
import type { AttestationStatementInput, AttestationStatementResult } from '../types.js';
import { checkAaguidExtension } from '../aaguid-extension.js';
import { keyFitsAlgorithm, readAlg, readSig, readX5c, signedData, verifySignature } from '../statement.js';
import { checkAikCertificate } from './certificate.js';
import {
  parseCertInfo,
  parsePubArea,
  TPM_ALG,
  TPM_ECC_CURVE,
  type TpmPublicArea,
} from './structures.js';

const STEP = '8.3 tpm';

function fail(code: WebAuthnError['code'], message: string): never {
  throw new WebAuthnError(code, `tpm attestation ${message}`, { step: STEP });
}

function bytesField(attStmt: CborMap, name: string): Uint8Array {
  const value = attStmt.get(name);
  if (!(value instanceof Uint8Array) || value.length === 0) fail('attestation_statement_invalid', `"${name}" must be a non-empty byte string`);
  return value;
}

/** 8.3 "Verify that attStmt is valid CBOR conforming to the syntax defined above". */
function readStatement(attStmt: CborMap) {
  if (attStmt.get('ver') !== '2.0') fail('attestation_statement_invalid', '"ver" must be "2.0"');
  // WebAuthn L3 removed ECDAA; a Level 1 statement that uses it cannot be verified.
  if (attStmt.has('ecdaaKeyId')) fail('unsupported_algorithm', 'uses ECDAA (ecdaaKeyId), which is not supported');
  const algorithm = readAlg(attStmt, STEP);
  // extraData is a digest "using the hash algorithm employed in alg": alg must name one.
  if (!('hash' in algorithm.scheme)) fail('unsupported_algorithm', `"alg" ${algorithm.name} is not a TPM signature algorithm`);
  const hash: HashAlgorithm = algorithm.scheme.hash;
  // 8.3: "Verify that x5c is present."
  if (!attStmt.has('x5c')) fail('attestation_statement_invalid', 'has no "x5c"');
  const x5c = readX5c(attStmt, STEP);
  return {
    algorithm,
    hash,
    x5c,
    aik: x5c[0],
    sig: readSig(attStmt, STEP),
    certInfo: bytesField(attStmt, 'certInfo'),
    pubArea: bytesField(attStmt, 'pubArea'),
  };
}

const NAME_ALG_HASHES: ReadonlyMap<number, HashAlgorithm> = new Map([
  [TPM_ALG.SHA1, 'SHA-1'],
  [TPM_ALG.SHA256, 'SHA-256'],
  [TPM_ALG.SHA384, 'SHA-384'],
  [TPM_ALG.SHA512, 'SHA-512'],
]);

const CURVES = new Map([
  [TPM_ECC_CURVE.NIST_P256, { curve: 'P-256', size: 32 }],
  [TPM_ECC_CURVE.NIST_P384, { curve: 'P-384', size: 48 }],
  [TPM_ECC_CURVE.NIST_P521, { curve: 'P-521', size: 66 }],
] as const);

/** A big-endian unsigned integer, left-padded to `size` bytes; undefined when it does not fit. */
function leftPad(bytes: Uint8Array, size: number): Uint8Array | undefined {
  if (bytes.length > size) return undefined;
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

/** The public key that pubArea's `parameters` and `unique` describe. */
function pubAreaKey(pubArea: TpmPublicArea): PublicKeyMaterial {
  if (pubArea.type === TPM_ALG.RSA) {
    const { n } = pubArea.unique;
    if (n.length * 8 !== pubArea.parameters.keyBits) {
      fail('attestation_statement_invalid', `pubArea has keyBits ${pubArea.parameters.keyBits} but a ${n.length * 8}-bit modulus`);
    }
    // TPM 2.0 Part 2 section 12.2.3.5: an exponent of zero means the default, 2^16 + 1.
    const exponent = pubArea.parameters.exponent === 0 ? 65537 : pubArea.parameters.exponent;
    const e = Uint8Array.of(exponent >>> 24, (exponent >>> 16) & 0xff, (exponent >>> 8) & 0xff, exponent & 0xff);
    return { kind: 'rsa', n, e };
  }
  const spec = CURVES.get(pubArea.parameters.curveId as 3 | 4 | 5);
  if (!spec) fail('attestation_statement_invalid', `pubArea curveID 0x${pubArea.parameters.curveId.toString(16)} is not supported`);
  const x = leftPad(pubArea.unique.x, spec.size);
  const y = leftPad(pubArea.unique.y, spec.size);
  if (!x || !y) fail('attestation_statement_invalid', `pubArea point is too long for ${spec.curve}`);
  return { kind: 'ec', curve: spec.curve, x, y };
}

/**
 * Verifies a `tpm` attestation statement (WebAuthn L3 section 8.3): the pubArea describes the
 * credential key, certInfo certifies that pubArea and binds the authenticator data and client
 * data, the AIK signed certInfo, and the AIK certificate meets section 8.3.1. `sig` is taken as
 * the raw signature for `alg` (RSASSA bytes, or a DER ECDSA signature), which is what Windows
 * and every other TPM WebAuthn client sends, not a marshalled TPMT_SIGNATURE.
 */
export async function verifyTpm(input: AttestationStatementInput): Promise<AttestationStatementResult> {
  // RS1 (SHA-1) is accepted as "alg": Windows Hello TPMs commonly sign with it. Whether the
  // credential's own algorithm is acceptable is the ceremony's decision (7.1 step 17).
  const stmt = readStatement(input.attStmt);

  // 8.3: "Verify that the public key specified by the parameters and unique fields of pubArea is
  // identical to the credentialPublicKey in the attestedCredentialData in authenticatorData."
  const pubArea = parsePubArea(stmt.pubArea);
  if (!publicKeysEqual(pubAreaKey(pubArea), input.credentialKey.key)) {
    fail('attestation_key_mismatch', 'pubArea key is not the credential public key');
  }

  // 8.3: "Validate that certInfo is valid" (magic and type are checked while parsing).
  const certInfo = parseCertInfo(stmt.certInfo);
  // "Verify that extraData is set to the hash of attToBeSigned using the hash algorithm employed in alg."
  const expectedExtraData = await backend.digest(stmt.hash, signedData(input));
  if (!equalBytes(certInfo.extraData, expectedExtraData)) {
    fail('attestation_nonce_mismatch', 'certInfo extraData is not the hash of authenticatorData and clientDataHash');
  }
  // "Verify that attested contains a TPMS_CERTIFY_INFO structure ... whose name field contains a
  // valid Name for pubArea" (TPM 2.0 Part 1 section 16: nameAlg || H_nameAlg(pubArea)).
  const nameHash = NAME_ALG_HASHES.get(pubArea.nameAlg);
  if (!nameHash) fail('attestation_statement_invalid', `pubArea nameAlg 0x${pubArea.nameAlg.toString(16)} is not supported`);
  const expectedName = concat(
    Uint8Array.of(pubArea.nameAlg >> 8, pubArea.nameAlg & 0xff),
    await backend.digest(nameHash, stmt.pubArea),
  );
  if (!equalBytes(certInfo.attested.name, expectedName)) {
    fail('attestation_statement_invalid', 'certInfo attested.name is not the Name of pubArea');
  }

  // "Verify the sig is a valid signature over certInfo using the attestation public key in aikCert
  // with the algorithm specified in alg."
  const { aik, algorithm } = stmt;
  if (!aik.publicKey) fail('attestation_certificate_invalid', 'AIK certificate has a key type this library does not verify');
  if (!keyFitsAlgorithm(aik.publicKey, algorithm)) fail('attestation_key_mismatch', `"alg" ${algorithm.name} does not fit the AIK certificate's key`);
  await verifySignature(algorithm, aik.publicKey, stmt.certInfo, stmt.sig, STEP, 'the tpm signature over certInfo');

  // "Verify that aikCert meets the requirements in section 8.3.1."
  const device = checkAikCertificate(aik);
  // "If aikCert contains an extension with OID 1.3.6.1.4.1.45724.1.1.4 (id-fido-gen-ce-aaguid)
  // verify that the value of this extension matches the aaguid in authenticatorData."
  checkAaguidExtension(aik, input.authData, STEP);

  return {
    type: 'attca',
    trustPath: stmt.x5c,
    facts: {
      format: 'tpm',
      manufacturer: device.manufacturer,
      manufacturerName: device.manufacturerName,
      model: device.model,
      version: device.firmwareVersion,
    },
  };
}
