import { WebAuthnError } from '../errors.js';
import { domainProblem, isIpAddress, loadDomainRules, type DomainRules } from './domain.js';
import type { OriginMatcher } from './origin.js';
import { quote } from './web-origin.js';

/**
 * Related Origin Requests (WebAuthn L3 §5.11): an RP ID's credentials may be used from other
 * sites listed in a JSON document served at `https://<rpId>/.well-known/webauthn` with content
 * type application/json. Browsers walk the list in order and honour at most `maxLabels`
 * distinct registrable origin labels (at least 5, and 5 in today's browsers); origins whose
 * label comes after that limit are skipped, so put the most important ones first.
 */

export const WELL_KNOWN_WEBAUTHN_PATH = '/.well-known/webauthn';
/** The number of registrable origin labels every supporting client must honour (§5.11.1). */
export const DEFAULT_MAX_LABELS = 5;

export interface WellKnownWebauthnDocument {
  origins: string[];
}

export interface RelatedOriginsOptions {
  /** The client's label limit to check against; at least 5 (the spec's minimum). Default 5. */
  maxLabels?: number;
}

export interface IgnoredRelatedOrigin {
  origin: string;
  reason: string;
}

export interface RelatedOriginsReport {
  /** True when the document is well formed and browsers honour every listed origin. */
  ok: boolean;
  /** Origins browsers accept for the RP ID from this document, as serialised origins, in order. */
  accepted: string[];
  /** Listed entries browsers skip or that can never run a ceremony, with the reason. */
  ignored: IgnoredRelatedOrigin[];
  /** The registrable origin labels counted, in order (at most maxLabels). */
  labels: string[];
  /** Every problem in plain words: the document's shape, each ignored entry, non-canonical entries. */
  problems: string[];
}

function maxLabelsOf(options: RelatedOriginsOptions | undefined): number {
  const max = options?.maxLabels ?? DEFAULT_MAX_LABELS;
  if (!Number.isSafeInteger(max) || max < DEFAULT_MAX_LABELS) {
    throw new WebAuthnError('invalid_options', `maxLabels must be an integer of at least ${DEFAULT_MAX_LABELS} (clients must honour 5 labels)`);
  }
  return max;
}

/**
 * Walks `origins` as the related origins validation procedure does (§5.11.1 steps 3-5): parse
 * each item, take the registrable origin label of its host, skip items with a new label once
 * `maxLabels` labels have been seen. With `rpId`, origins on the RP ID itself are accepted
 * whatever their label, since browsers only consult the document for other sites.
 */
function walk(origins: readonly string[], maxLabels: number, rpId: string | undefined, rules: DomainRules): RelatedOriginsReport {
  const accepted: string[] = [];
  const ignored: IgnoredRelatedOrigin[] = [];
  const labels: string[] = [];
  const problems: string[] = [];
  const skip = (origin: string, reason: string) => ignored.push({ origin, reason });

  for (const item of origins) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      skip(item, 'is not a URL');
      continue;
    }
    const host = url.hostname;
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || host === '') {
      skip(item, 'is not a web origin (an app origin has no place in this document)');
      continue;
    }
    if (isIpAddress(host)) {
      skip(item, 'has an IP address as host, which has no registrable domain');
      continue;
    }
    const label = rules.registrableOriginLabel(host);
    if (label === null) {
      skip(item, 'has no registrable domain (a public suffix or localhost)');
      continue;
    }
    const onRpId = rpId !== undefined && url.protocol === 'https:' && rules.isRegistrableSuffixOrEqual(rpId, host);
    // Step 5: past the limit, only labels already seen are considered.
    if (labels.length >= maxLabels && !labels.includes(label) && !onRpId) {
      skip(item, `has the label "${label}", which comes after the first ${maxLabels} registrable origin labels (${labels.join(', ')})`);
      continue;
    }
    // Step 7: the label counts, whether or not this item could ever be a caller.
    if (labels.length < maxLabels && !labels.includes(label)) labels.push(label);
    if (url.protocol !== 'https:') {
      skip(item, 'is not https; WebAuthn never runs on a plain http site other than localhost');
      continue;
    }
    if (url.origin !== item) problems.push(`${quote(item)} is not a serialised origin; browsers compare its origin ${quote(url.origin)}`);
    if (accepted.includes(url.origin)) problems.push(`${quote(url.origin)} is listed more than once`);
    else accepted.push(url.origin);
  }
  for (const { origin, reason } of ignored) problems.push(`${quote(origin)} is ignored by browsers: it ${reason}`);
  return { ok: problems.length === 0, accepted, ignored, labels, problems };
}

/**
 * Builds the `/.well-known/webauthn` document from a list of origins, checking it the way
 * browsers will read it. Rejects with 'invalid_related_origins' listing every problem: a malformed
 * or non-https origin, a duplicate, or origins past the label limit (which browsers would skip).
 * Serve the result as JSON (`application/json`) at WELL_KNOWN_WEBAUTHN_PATH on the RP ID's host.
 * These functions are async because the Public Suffix List is loaded on first use.
 */
export async function buildWellKnownWebauthn(origins: readonly string[], options?: RelatedOriginsOptions): Promise<WellKnownWebauthnDocument> {
  const maxLabels = maxLabelsOf(options);
  if (!Array.isArray(origins) || origins.length === 0 || !origins.every((o) => typeof o === 'string')) {
    throw new WebAuthnError('invalid_related_origins', 'related origins must be a non-empty list of origin strings');
  }
  const report = walk(origins, maxLabels, undefined, await loadDomainRules());
  if (!report.ok) {
    throw new WebAuthnError('invalid_related_origins', `the related origins document has problems:\n- ${report.problems.join('\n- ')}`);
  }
  return { origins: [...origins] };
}

/**
 * Checks a `/.well-known/webauthn` document (the parsed JSON, or its text) for `rpId` the way
 * browsers do (WebAuthn L3 §5.11.1), and reports which origins they accept and which they skip.
 * Never rejects for the document's content; rejects with 'invalid_rp_id' or 'invalid_options' for
 * a malformed `rpId` or `maxLabels`.
 */
export async function validateRelatedOrigins(rpId: string, document: unknown, options?: RelatedOriginsOptions): Promise<RelatedOriginsReport> {
  const maxLabels = maxLabelsOf(options);
  const rpIdProblem = domainProblem(rpId);
  if (rpIdProblem !== undefined) throw new WebAuthnError('invalid_rp_id', rpIdProblem);
  const failed = (problem: string): RelatedOriginsReport => ({ ok: false, accepted: [], ignored: [], labels: [], problems: [problem] });

  let parsed = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return failed('the document is not valid JSON');
    }
  }
  // Step 2: a body that is not a JSON object with an array of strings in "origins" fails the request.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return failed('the document is not a JSON object');
  const origins = (parsed as Record<string, unknown>).origins;
  if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string')) {
    return failed('the document has no "origins" array of strings');
  }
  if (origins.length === 0) return failed('the "origins" array is empty');
  return walk(origins as string[], maxLabels, rpId, await loadDomainRules());
}

/**
 * An OriginMatcher (usable as `expectedOrigin`) that accepts exactly the related origins
 * browsers honour for `rpId`. Rejects with 'invalid_related_origins' when any listed origin would
 * be skipped or is malformed, since the verifier and the browsers must agree on the list. Build it
 * once, at start-up, and pass the matcher as `expectedOrigin`.
 */
export async function relatedOriginsMatcher(rpId: string, origins: readonly string[], options?: RelatedOriginsOptions): Promise<OriginMatcher> {
  const report = await validateRelatedOrigins(rpId, { origins }, options);
  if (!report.ok) {
    throw new WebAuthnError('invalid_related_origins', `related origins for ${quote(rpId)} have problems:\n- ${report.problems.join('\n- ')}`);
  }
  const accepted = new Set(report.accepted);
  return { matches: (origin) => accepted.has(origin), description: `the related origins of ${rpId}: ${report.accepted.join(', ')}` };
}
