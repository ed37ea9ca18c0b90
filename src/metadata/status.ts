import { isWebAuthnError } from '../errors.js';
import { decodeBase64 } from '../attestation/jws.js';
import { certificateKeyIdentifier, parseCertificate, subjectPublicKeyBits, type Certificate } from '../x509/index.js';
import type { MetadataBlobEntry, StatusReport } from './statement.js';

/**
 * Whether a model's status reports (MDS 3.0 sections 3.1.3-3.1.4) let its attestation anchors be
 * used. Every report counts, not only the latest: a security notification (a compromised key,
 * a user verification bypass) is not undone by a later report for newer firmware, because an
 * attestation does not prove which firmware the authenticator runs.
 */

/** What the trust anchor lookup knows of the attestation being verified. */
export interface AttestationSubject {
  fmt: string;
  /** Key identifier of the attestation certificate (lowercase hex), when the verifier gives it. */
  keyIdentifier?: string;
}

/** A key that may not appear in a trusted chain, and why. */
export interface CompromisedKey {
  /** subjectPublicKey bits; an anchor with this key is left out. */
  key: Uint8Array;
  reason: string;
}

export interface StatusJudgement {
  /** Why all of the model's anchors are withheld; empty when they are not. */
  withhold: string[];
  /** Keys of compromised certificates the attestation chain does not start with: anchors with them are left out. */
  compromisedKeys: CompromisedKey[];
}

const reportCertificates = new WeakMap<StatusReport, Certificate | null>();

/**
 * Section 3.1.3 effectiveDate: "If no date is given, the status is assumed to be effective while
 * present." A report dated after `now` is not in effect yet. A date that cannot be read counts as
 * in effect: it may only withhold anchors, never grant them.
 */
function inEffect(report: StatusReport, now: Date): boolean {
  if (report.effectiveDate === undefined) return true;
  const time = Date.parse(`${report.effectiveDate}T00:00:00Z`);
  return !(time > now.getTime());
}

/** The certificate a report names, or null when it names none or one that cannot be parsed. */
function reportCertificate(report: StatusReport): Certificate | null {
  let certificate = reportCertificates.get(report);
  if (certificate === undefined) {
    // The BLOB reader checked that it is a string; parseCertificate bounds its size.
    const der = decodeBase64(report.certificate);
    certificate = null;
    if (der) {
      try {
        certificate = parseCertificate(der);
      } catch (cause) {
        if (!isWebAuthnError(cause)) throw cause;
      }
    }
    reportCertificates.set(report, certificate);
  }
  return certificate;
}

/**
 * Section 3.1.4 ATTESTATION_KEY_COMPROMISE: "The relying party SHOULD check the certificate field
 * and use it to identify the compromised authenticator batch. If the certificate field is not set,
 * the relying party should reject all new registrations of the compromised authenticator." A chain
 * is compromised when it holds the named certificate's key. A lookup is not given the chain, only
 * (for fido-u2f) its attestation certificate's key identifier; a fido-u2f x5c is that one
 * certificate (WebAuthn L3 section 8.6), so its chain is it and the anchor that issued it, and both
 * can be compared. For any other format the chain may hold intermediates the lookup cannot see,
 * so the whole model is withheld.
 */
function keyCompromise(report: StatusReport, notice: (about: string) => string, subject: AttestationSubject, judgement: StatusJudgement): void {
  const compromised = reportCertificate(report);
  if (compromised === null) {
    const why = report.certificate === undefined || report.certificate === '' ? 'names no certificate' : 'names a certificate that cannot be read';
    judgement.withhold.push(`${notice('')} (the report ${why}, so every attestation key of the model counts as compromised)`);
    return;
  }
  const about = ` for the certificate "${compromised.subject.text}"`;
  if (subject.fmt !== 'fido-u2f' || subject.keyIdentifier === undefined) {
    judgement.withhold.push(`${notice(about)} (a trust anchor lookup is not given the attestation chain to look for that key in, so the whole model is withheld)`);
  } else if (certificateKeyIdentifier(compromised) === subject.keyIdentifier) {
    judgement.withhold.push(`${notice(about)} (its key is this attestation certificate's)`);
  } else {
    judgement.compromisedKeys.push({ key: subjectPublicKeyBits(compromised.spki), reason: notice(about) });
  }
}

/**
 * Judges every report whose status is in `reject` and that is in effect at `now`. `name` says
 * which model, for the reasons.
 */
export function judgeStatus(entry: MetadataBlobEntry, name: string, reject: ReadonlySet<string>, now: Date, subject: AttestationSubject): StatusJudgement {
  const judgement: StatusJudgement = { withhold: [], compromisedKeys: [] };
  for (const report of entry.statusReports) {
    if (!reject.has(report.status) || !inEffect(report, now)) continue;
    const since = report.effectiveDate === undefined ? ' (undated, so in effect while listed)' : ` since ${report.effectiveDate}`;
    const notice = (about: string) => `the FIDO metadata gives ${name} the status ${report.status}${about}${since}, which this relying party rejects`;
    if (report.status === 'ATTESTATION_KEY_COMPROMISE') keyCompromise(report, notice, subject, judgement);
    else judgement.withhold.push(notice(''));
  }
  return judgement;
}
