import { isWebAuthnError, WebAuthnError } from '../errors.js';
import { decodeBase64 } from '../attestation/jws.js';
import type { TrustAnchorLookup, TrustContext } from '../attestation/types.js';
import { knownAaguid } from '../lifecycle/aaguid.js';
import { parseCertificate, type Certificate } from '../x509/index.js';
import { latestStatusReport, metadataEntry } from './entry.js';
import { checkBlob, METADATA_STATUSES, type MetadataBlob, type MetadataBlobEntry, type MetadataStatus } from './statement.js';

/**
 * Attestation trust anchors from a verified Metadata BLOB: each FIDO2 model's
 * attestationRootCertificates (FIDO Metadata Statement 3.0 section 4), withheld while the model's
 * current status says its attestation cannot be relied on (MDS 3.0 section 3.1.4).
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
  /** A model whose current (latest) status report has one of these gets no anchors. Default DEFAULT_REJECTED_STATUSES. */
  rejectStatuses?: readonly MetadataStatus[];
}

function checkStatuses(statuses: unknown): ReadonlySet<string> {
  if (!Array.isArray(statuses) || !statuses.every((s) => (METADATA_STATUSES as readonly unknown[]).includes(s))) {
    throw new WebAuthnError('invalid_options', `metadataTrustAnchors: "rejectStatuses" must list statuses among ${METADATA_STATUSES.join(', ')}`);
  }
  return new Set(statuses as string[]);
}

function label(entry: MetadataBlobEntry, aaguid: string): string {
  const description = entry.metadataStatement?.description;
  return description === undefined ? `AAGUID ${aaguid}` : `AAGUID ${aaguid} ("${description}")`;
}

/** The statement's root certificates, parsed; one that cannot be parsed is left out with a reason. */
function rootsOf(entry: MetadataBlobEntry, name: string): Required<TrustAnchorLookup> {
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

/**
 * A TrustAnchorSource function (for `AttestationOptions.trustAnchors`) that answers by AAGUID from a
 * verified BLOB, for any attestation format. It gives no anchors, and says why in the verdict's
 * reasons, when the authenticator discloses no AAGUID, the BLOB has no entry for it, or the
 * entry's latest status is in `rejectStatuses`. U2F (key identifier) and UAF entries are not used.
 * Combine it with other anchors in your own function, e.g. for formats the MDS does not cover.
 */
export function metadataTrustAnchors(blob: MetadataBlob, options: MetadataTrustOptions = {}): MetadataTrustAnchorSource {
  checkBlob(blob, 'metadataTrustAnchors');
  if (typeof options !== 'object' || options === null) throw new WebAuthnError('invalid_options', 'metadataTrustAnchors: options must be an object');
  const reject = checkStatuses(options.rejectStatuses ?? DEFAULT_REJECTED_STATUSES);
  const parsed = new Map<MetadataBlobEntry, Required<TrustAnchorLookup>>();

  return ({ aaguid }) => {
    if (knownAaguid(aaguid) === undefined) {
      return { anchors: [], reasons: ['the authenticator discloses no AAGUID, so the FIDO metadata cannot name its trust anchors'] };
    }
    const entry = metadataEntry(blob, aaguid);
    if (entry === undefined) {
      const left = blob.invalidEntries.find((e) => e.aaguid === aaguid.toLowerCase());
      const reason = left
        ? `the FIDO metadata BLOB (no. ${blob.no}) entry for AAGUID ${aaguid} was left out: ${left.reason}`
        : `the FIDO metadata BLOB (no. ${blob.no}) has no entry for AAGUID ${aaguid}`;
      return { anchors: [], reasons: [reason] };
    }
    const name = label(entry, aaguid);
    const latest = latestStatusReport(entry);
    if (latest !== undefined && reject.has(latest.status)) {
      const since = latest.effectiveDate === undefined ? '' : ` since ${latest.effectiveDate}`;
      return { anchors: [], reasons: [`the FIDO metadata gives ${name} the status ${latest.status}${since}, which this relying party rejects`] };
    }
    let lookup = parsed.get(entry);
    if (!lookup) {
      lookup = rootsOf(entry, name);
      parsed.set(entry, lookup);
    }
    return lookup;
  };
}
