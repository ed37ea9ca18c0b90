import { WebAuthnError } from '../errors.js';
import {
  certificateFingerprint,
  certificateKeyIdentifier,
  toCertificates,
  validateCertificatePath,
  type Certificate,
  type TrustAnchorInput,
} from '../x509/index.js';
import type { TrustAnchorLookup, TrustAnchorSource, TrustContext } from './types.js';

/**
 * Trust (WebAuthn L3 section 7.1 steps 21-22): find the caller's anchors for this format and
 * authenticator model, then check that the attestation trust path "correctly chains up to an
 * acceptable root certificate, or is itself an acceptable certificate". Nothing is trusted unless
 * it chains to an anchor the caller supplied; there are no built-in roots.
 */

export interface TrustEvaluation {
  trusted: boolean;
  /** The anchor the path chained to. */
  anchor?: { subject: string; sha256: string };
  /** Why it is not trusted; empty when it is. */
  reasons: string[];
  /** True when the chain itself is broken (bad link, expired, constraint violated), not just unanchored. */
  defective: boolean;
}

function invalidOptions(message: string, cause?: unknown): never {
  throw new WebAuthnError('invalid_options', `trustAnchors ${message}`, cause === undefined ? {} : { cause });
}

function own(record: Readonly<Record<string, readonly TrustAnchorInput[]>> | undefined, key: string): readonly TrustAnchorInput[] {
  if (record === undefined) return [];
  if (typeof record !== 'object' || record === null) invalidOptions('byFormat/byAaguid must be objects');
  if (!Object.prototype.hasOwnProperty.call(record, key)) return [];
  const list = record[key];
  if (!Array.isArray(list)) invalidOptions(`entry "${key}" must be an array`);
  return list;
}

/** The anchors for one trust decision, and what the source said about them. */
export interface ResolvedTrustAnchors {
  certificates: Certificate[];
  /** Why the source gave no or fewer anchors (a function source's TrustAnchorLookup reasons). */
  reasons: string[];
}

/** A function source's answer: a bare list, or a TrustAnchorLookup with reasons. */
function readLookup(answer: unknown): { inputs: readonly TrustAnchorInput[]; reasons: string[] } {
  if (Array.isArray(answer)) return { inputs: answer, reasons: [] };
  if (typeof answer !== 'object' || answer === null || !Array.isArray((answer as TrustAnchorLookup).anchors)) {
    return invalidOptions('function must return an array or { anchors, reasons }');
  }
  const { anchors, reasons = [] } = answer as TrustAnchorLookup;
  if (!Array.isArray(reasons) || !reasons.every((r) => typeof r === 'string')) invalidOptions('function "reasons" must be an array of strings');
  return { inputs: anchors, reasons: [...reasons] };
}

/** What a trust anchor lookup is told about a statement whose trust path starts at `leaf`. */
export function trustContext(fmt: string, aaguid: string, leaf: Certificate): TrustContext {
  return { fmt, aaguid, attestationCertificateKeyIdentifier: certificateKeyIdentifier(leaf) };
}

/** Step 21: the anchors the caller accepts for this fmt and AAGUID (both lists combined). */
export async function resolveTrustAnchors(source: TrustAnchorSource | undefined, ctx: TrustContext): Promise<ResolvedTrustAnchors> {
  if (source === undefined) return { certificates: [], reasons: [] };
  let inputs: readonly TrustAnchorInput[];
  let reasons: string[] = [];
  if (typeof source === 'function') {
    ({ inputs, reasons } = readLookup(await source(ctx)));
  } else if (typeof source === 'object' && source !== null) {
    const byAaguid = source.byAaguid;
    const aaguidKey = byAaguid && Object.keys(byAaguid).find((k) => k.toLowerCase() === ctx.aaguid);
    inputs = [...own(source.byFormat, ctx.fmt), ...(aaguidKey ? own(byAaguid, aaguidKey) : [])];
  } else {
    return invalidOptions('must be an object or a function');
  }
  try {
    return { certificates: toCertificates(inputs), reasons };
  } catch (cause) {
    return invalidOptions(`holds a certificate that cannot be parsed (${(cause as Error).message})`, cause);
  }
}

/** Step 22 for an X.509 trust path (leaf first, as the format parsed it): does it chain to one of the anchors at `now`? */
export async function evaluateTrustPath(
  trustPath: readonly Certificate[],
  anchors: ResolvedTrustAnchors,
  ctx: TrustContext,
  now: Date,
): Promise<TrustEvaluation> {
  const result = await validateCertificatePath(trustPath, anchors.certificates, { now });
  if (result.ok) {
    return {
      trusted: true,
      anchor: { subject: result.anchor.subject.text, sha256: await certificateFingerprint(result.anchor) },
      reasons: [],
      defective: false,
    };
  }
  // The source's own reasons (e.g. a revoked model) come first: they say why the anchors are missing.
  const reasons = [...anchors.reasons, ...result.reasons];
  if (anchors.certificates.length === 0 && anchors.reasons.length === 0) {
    reasons.push(`no trust anchors are configured for fmt "${ctx.fmt}" or AAGUID ${ctx.aaguid}`);
  }
  return { trusted: false, reasons, defective: result.defective };
}
