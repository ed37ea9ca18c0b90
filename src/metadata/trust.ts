import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { decodeBase64 } from '../attestation/jws.js';
import type { TrustAnchorLookup, TrustContext } from '../attestation/types.js';
import { equalBytes } from '../encoding/bytes.js';
import { knownAaguid } from '../lifecycle/aaguid.js';
import { parseCertificate, subjectPublicKeyBits, type Certificate } from '../x509/index.js';
import { entriesForKeyIdentifier, indexEntries, metadataEntry } from './entry.js';
import { checkBlob, METADATA_STATUSES, type MetadataBlob, type MetadataBlobEntry, type MetadataStatus } from './statement.js';
import { judgeStatus, type AttestationSubject } from './status.js';

/**
 * Attestation trust anchors from a verified Metadata BLOB: each model's attestationRootCertificates
 * (FIDO Metadata Statement 3.0 section 4), found by AAGUID (FIDO2) or by attestation certificate
 * key identifier (FIDO U2F, MDS 3.0 section 3.1.1), withheld while a status report in effect says
 * its attestation cannot be relied on (MDS 3.0 sections 3.1.3-3.1.4, see status.ts).
 */

/**
 * Statuses that withhold a model's anchors by default: MDS 3.0 section 3.1.4's security
 * notifications, each of which says the authenticator's keys or user verification cannot be relied on.
 */
export const DEFAULT_REJECTED_STATUSES: readonly MetadataStatus[] = Object.freeze([
  'REVOKED',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_VERIFICATION_BYPASS',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
]);

/** A TrustAnchorSource function that always answers with reasons (empty when it gives anchors). */
export type MetadataTrustAnchorSource = (ctx: TrustContext) => Required<TrustAnchorLookup>;

export interface MetadataTrustOptions {
  /**
   * A model with a status report in effect (dated today or earlier, or undated) whose status is one
   * of these gets no anchors, whatever reports follow it. Default DEFAULT_REJECTED_STATUSES.
   */
  rejectStatuses?: readonly MetadataStatus[];
  /** The time each lookup judges status reports at. Default: the current time. */
  now?: () => Date;
}

const HEX = /^[0-9a-f]+$/i;

function checkStatuses(statuses: unknown): ReadonlySet<string> {
  if (!Array.isArray(statuses) || !statuses.every((s) => (METADATA_STATUSES as readonly unknown[]).includes(s))) {
    throw new WebAuthnError('invalid_options', `metadataTrustAnchors: "rejectStatuses" must list statuses among ${METADATA_STATUSES.join(', ')}`);
  }
  return new Set(statuses as string[]);
}

function clock(now: unknown): () => Date {
  if (now === undefined) return () => new Date();
  if (typeof now !== 'function') throw new WebAuthnError('invalid_options', 'metadataTrustAnchors: "now" must be a function returning a Date');
  return () => {
    const time: unknown = now();
    if (!(time instanceof Date) || Number.isNaN(time.getTime())) throw new WebAuthnError('invalid_options', 'metadataTrustAnchors: "now" returned no valid Date');
    return time;
  };
}

function modelName(entry: MetadataBlobEntry, identifier: string): string {
  const description = entry.metadataStatement?.description;
  return description === undefined ? identifier : `${identifier} ("${description}")`;
}

interface ParsedRoots {
  anchors: readonly Certificate[];
  reasons: readonly string[];
}

/** The statement's root certificates, parsed; one that cannot be parsed is left out with a reason. */
function rootsOf(entry: MetadataBlobEntry, name: string): ParsedRoots {
  const reasons: string[] = [];
  const anchors: Certificate[] = [];
  const roots = entry.metadataStatement?.attestationRootCertificates ?? [];
  roots.forEach((text, i) => {
    try {
      anchors.push(parseCertificate(decodeBase64(text)!));
    } catch (cause) {
      if (!isWebAuthnError(cause)) throw cause;
      reasons.push(`the FIDO metadata of ${name} has an attestation root certificate (${i}) that cannot be parsed: ${cause.message}`);
    }
  });
  if (roots.length === 0) reasons.push(`the FIDO metadata of ${name} lists no attestation root certificates`);
  return { anchors: Object.freeze(anchors), reasons: Object.freeze(reasons) };
}

type Found = { entry: MetadataBlobEntry; name: string } | { reason: string };

function byAaguid(blob: MetadataBlob, aaguid: string): Found {
  const entry = metadataEntry(blob, aaguid);
  if (entry) return { entry, name: modelName(entry, `AAGUID ${aaguid}`) };
  const left = blob.invalidEntries.find((e) => e.aaguid === aaguid);
  return {
    reason: left
      ? `the FIDO metadata BLOB (no. ${blob.no}) entry for AAGUID ${aaguid} was left out: ${left.reason}`
      : `the FIDO metadata BLOB (no. ${blob.no}) has no entry for AAGUID ${aaguid}`,
  };
}

function byKeyIdentifier(blob: MetadataBlob, keyIdentifier: string): Found {
  const entries = entriesForKeyIdentifier(blob, keyIdentifier);
  const identifier = `attestation certificate key identifier ${keyIdentifier}`;
  if (entries.length === 1) return { entry: entries[0]!, name: modelName(entries[0]!, identifier) };
  return {
    reason:
      entries.length === 0
        ? `the FIDO metadata BLOB (no. ${blob.no}) has no entry for ${identifier}`
        : `the FIDO metadata BLOB (no. ${blob.no}) has ${entries.length} entries for ${identifier}, so it names no model for certain`,
  };
}

/**
 * The entry for an attestation. A fido-u2f statement's signature does not cover the AAGUID
 * (WebAuthn L3 section 8.6 signs only rpIdHash, clientDataHash, credential ID and key), so U2F
 * models are found by their attestation certificate's key identifier only. Every other format
 * signs authData, AAGUID included: by AAGUID, then by key identifier when the AAGUID finds nothing.
 */
function findEntry(blob: MetadataBlob, fmt: string, aaguid: string | undefined, keyIdentifier: string | undefined): Found {
  const reasons: string[] = [];
  if (fmt !== 'fido-u2f' && aaguid !== undefined) {
    const found = byAaguid(blob, aaguid);
    if ('entry' in found) return found;
    reasons.push(found.reason);
  }
  if (keyIdentifier !== undefined) {
    const found = byKeyIdentifier(blob, keyIdentifier);
    if ('entry' in found) return found;
    reasons.push(found.reason);
  }
  if (reasons.length > 0) return { reason: reasons.join('; ') };
  return {
    reason:
      fmt === 'fido-u2f'
        ? 'the fido-u2f attestation comes without its certificate key identifier, so the FIDO metadata cannot name its trust anchors (its AAGUID is not signed)'
        : 'the authenticator discloses no AAGUID, so the FIDO metadata cannot name its trust anchors',
  };
}

/**
 * A TrustAnchorSource function (for `AttestationOptions.trustAnchors`) that answers from a verified
 * BLOB, for any attestation format: by AAGUID, or for fido-u2f by the attestation certificate key
 * identifier the verifier gives (`attestationCertificateKeyIdentifier`). It gives no anchors, and
 * says why in the verdict's reasons, when the BLOB has no entry (or several) for the
 * authenticator, or a status report in effect has a status in `rejectStatuses` (see
 * MetadataTrustOptions). UAF entries are not used. Combine it with other anchors in your own
 * function, e.g. for formats the MDS does not cover.
 */
export function metadataTrustAnchors(blob: MetadataBlob, options: MetadataTrustOptions = {}): MetadataTrustAnchorSource {
  checkBlob(blob, 'metadataTrustAnchors');
  if (typeof options !== 'object' || options === null) throw new WebAuthnError('invalid_options', 'metadataTrustAnchors: options must be an object');
  const reject = checkStatuses(options.rejectStatuses ?? DEFAULT_REJECTED_STATUSES);
  const now = clock(options.now);
  indexEntries(blob);
  const parsed = new Map<MetadataBlobEntry, ParsedRoots>();

  return (ctx) => {
    const { fmt, attestationCertificateKeyIdentifier: given } = ctx;
    if (given !== undefined && (typeof given !== 'string' || !HEX.test(given))) {
      return { anchors: [], reasons: ['the attestation certificate key identifier given to the FIDO metadata lookup is not hex'] };
    }
    const keyIdentifier = given?.toLowerCase();
    const found = findEntry(blob, fmt, knownAaguid(ctx.aaguid), keyIdentifier);
    if ('reason' in found) return { anchors: [], reasons: [found.reason] };

    const subject: AttestationSubject = keyIdentifier === undefined ? { fmt } : { fmt, keyIdentifier };
    const judgement = judgeStatus(found.entry, found.name, reject, now(), subject);
    if (judgement.withhold.length > 0) return { anchors: [], reasons: judgement.withhold };

    let lookup = parsed.get(found.entry);
    if (!lookup) {
      lookup = rootsOf(found.entry, found.name);
      parsed.set(found.entry, lookup);
    }
    if (judgement.compromisedKeys.length === 0) return lookup;
    const reasons = [...lookup.reasons];
    const anchors = lookup.anchors.filter((anchor) => {
      const compromised = judgement.compromisedKeys.find(({ key }) => equalBytes(key, subjectPublicKeyBits(anchor.spki)));
      if (compromised) reasons.push(`${compromised.reason}: the attestation root "${anchor.subject.text}" is left out`);
      return !compromised;
    });
    return { anchors, reasons };
  };
}
