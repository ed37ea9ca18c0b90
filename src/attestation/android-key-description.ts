import { AsnParser } from '@peculiar/asn1-schema';
import {
  KeyDescription,
  NonStandardKeyDescription,
  type AuthorizationList,
  type NonStandardAuthorizationList,
} from '@peculiar/asn1-android';
import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { checkDer } from '../x509/index.js';
import type { AndroidSecurityLevel } from './types.js';

/** The Android key attestation extension (WebAuthn L3 section 8.4.1). */
export const ANDROID_KEY_DESCRIPTION_OID = '1.3.6.1.4.1.11129.2.1.17';

/** Keymaster/KeyMint tag values this library reads (Android KeyMint Tag.aidl, KeyOrigin, KeyPurpose). */
export const KM_ORIGIN_GENERATED = 0;
export const KM_PURPOSE_SIGN = 2;

const SECURITY_LEVELS: readonly AndroidSecurityLevel[] = ['software', 'trustedEnvironment', 'strongBox'];

/** The members of an AuthorizationList that WebAuthn's verification procedure reads. */
export interface AndroidAuthorizationList {
  /** KeyPurpose values (SIGN is 2); empty when the tag is absent. */
  purpose: number[];
  /** KeyOrigin (GENERATED is 0); undefined when the tag is absent. */
  origin?: number;
  /** True when the allApplications tag is present. */
  allApplications: boolean;
}

/**
 * KeyDescription, the value of extension 1.3.6.1.4.1.11129.2.1.17. Keymaster versions 1-4 and
 * KeyMint (attestation versions 100 and up) share one ASN.1 shape; KeyMint renames
 * keymasterVersion/keymasterSecurityLevel/teeEnforced to keyMint.../hardwareEnforced.
 */
export interface AndroidKeyDescription {
  attestationVersion: number;
  attestationSecurityLevel: AndroidSecurityLevel;
  /** keymasterVersion, or keyMintVersion from attestation version 100 on. */
  keymasterVersion: number;
  keymasterSecurityLevel: AndroidSecurityLevel;
  attestationChallenge: Uint8Array;
  softwareEnforced: AndroidAuthorizationList;
  /** teeEnforced, or hardwareEnforced from attestation version 100 on. */
  teeEnforced: AndroidAuthorizationList;
}

const STEP = '8.4.1 android-key';

function fail(message: string, cause?: unknown): never {
  throw new WebAuthnError('attestation_certificate_invalid', `android-key attestation extension ${message}`, {
    step: STEP,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The value is DER (RFC 5280 section 4.1: extnValue holds the DER encoding); the schema parser
 * alone would also take BER and ignore trailing bytes. Not DER: 'malformed_certificate'.
 */
function requireDer(der: Uint8Array): void {
  try {
    checkDer(der, 'android-key attestation extension');
  } catch (cause) {
    if (!isWebAuthnError(cause)) throw cause;
    throw new WebAuthnError(cause.code, cause.message, { step: STEP, cause });
  }
}

function securityLevel(value: unknown, field: string): AndroidSecurityLevel {
  const level = typeof value === 'number' ? SECURITY_LEVELS[value] : undefined;
  if (level === undefined) fail(`${field} ${String(value)} is not Software, TrustedEnvironment or StrongBox`);
  return level;
}

function integer(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(`${field} is not an integer`);
  return value;
}

function fromList(list: AuthorizationList, field: string): AndroidAuthorizationList {
  const purpose = list.purpose ? [...list.purpose].map((p) => integer(p, `${field}.purpose`)) : [];
  const out: AndroidAuthorizationList = { purpose, allApplications: list.allApplications !== undefined };
  if (list.origin !== undefined) out.origin = integer(list.origin, `${field}.origin`);
  return out;
}

/** The same, for the order-tolerant SEQUENCE OF CHOICE shape. */
function fromNonStandardList(list: NonStandardAuthorizationList, field: string): AndroidAuthorizationList {
  const purposes = list.filter((a) => a.purpose !== undefined);
  const origins = list.filter((a) => a.origin !== undefined);
  if (purposes.length > 1 || origins.length > 1) fail(`${field} repeats a tag`);
  const purpose = purposes[0]?.purpose ? [...purposes[0].purpose].map((p) => integer(p, `${field}.purpose`)) : [];
  const out: AndroidAuthorizationList = { purpose, allApplications: list.some((a) => a.allApplications !== undefined) };
  if (origins[0]) out.origin = integer(origins[0].origin, `${field}.origin`);
  return out;
}

/**
 * Parses the KeyDescription extension value (its DER, as extnValue holds it; BER or trailing
 * bytes are 'malformed_certificate'). The schema that follows Android's documentation strictly is
 * tried first; some devices emit AuthorizationList tags out of canonical order, which the
 * order-tolerant NonStandardKeyDescription accepts.
 */
export function parseAndroidKeyDescription(der: Uint8Array): AndroidKeyDescription {
  requireDer(der);
  let strictError: unknown;
  try {
    const kd = AsnParser.parse(der, KeyDescription);
    return {
      attestationVersion: integer(kd.attestationVersion, 'attestationVersion'),
      attestationSecurityLevel: securityLevel(kd.attestationSecurityLevel, 'attestationSecurityLevel'),
      keymasterVersion: integer(kd.keymasterVersion, 'keymasterVersion'),
      keymasterSecurityLevel: securityLevel(kd.keymasterSecurityLevel, 'keymasterSecurityLevel'),
      attestationChallenge: new Uint8Array(kd.attestationChallenge.buffer),
      softwareEnforced: fromList(kd.softwareEnforced, 'softwareEnforced'),
      teeEnforced: fromList(kd.teeEnforced, 'teeEnforced'),
    };
  } catch (cause) {
    if (cause instanceof WebAuthnError) throw cause;
    strictError = cause;
  }
  let kd: NonStandardKeyDescription;
  try {
    kd = AsnParser.parse(der, NonStandardKeyDescription);
  } catch {
    return fail('is not a valid KeyDescription', strictError);
  }
  return {
    attestationVersion: integer(kd.attestationVersion, 'attestationVersion'),
    attestationSecurityLevel: securityLevel(kd.attestationSecurityLevel, 'attestationSecurityLevel'),
    keymasterVersion: integer(kd.keymasterVersion, 'keymasterVersion'),
    keymasterSecurityLevel: securityLevel(kd.keymasterSecurityLevel, 'keymasterSecurityLevel'),
    attestationChallenge: new Uint8Array(kd.attestationChallenge.buffer),
    softwareEnforced: fromNonStandardList(kd.softwareEnforced, 'softwareEnforced'),
    teeEnforced: fromNonStandardList(kd.teeEnforced, 'teeEnforced'),
  };
}
