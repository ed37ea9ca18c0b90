import { toBase64url } from '../encoding/base64url.js';
import { toUuid } from '../encoding/bytes.js';
import { fail, WebAuthnError } from '../errors.js';
import { verifyCompound } from './compound.js';
import { verifyNone } from './none.js';
import type {
  AttestationInput,
  AttestationOptions,
  AttestationStatementInput,
  AttestationType,
  AttestationVerdict,
  FormatVerifier,
} from './types.js';

/**
 * Attestation verification (WebAuthn L3 section 7.1 steps 19-22): pick the format's verification
 * procedure by fmt, run it, then judge trust against the caller's anchors and policy.
 *
 * Format modules and the X.509 stack are imported on first use, so loading this module costs
 * nothing a "none" registration (or any sign-in) does not need. Each import() runs once and its
 * promise is kept: under a module-hook loader every import() call is a round trip (~90 µs).
 */

const ATTESTATION_TYPES: readonly AttestationType[] = ['none', 'self', 'basic', 'attca', 'anonca'];

function lazy(load: () => Promise<FormatVerifier>): FormatVerifier {
  let loaded: Promise<FormatVerifier> | undefined;
  return async (input, options) => (await (loaded ??= load()))(input, options);
}

let trustModule: Promise<typeof import('./trust.js')> | undefined;

/** The registered statement formats (WebAuthn L3 section 8), by attestation statement format identifier. */
export const FORMAT_VERIFIERS: Readonly<Record<string, FormatVerifier>> = Object.freeze({
  packed: lazy(async () => (await import('./packed.js')).verifyPacked),
  tpm: lazy(async () => (await import('./tpm/index.js')).verifyTpm),
  'android-key': lazy(async () => (await import('./android-key.js')).verifyAndroidKey),
  'android-safetynet': lazy(async () => (await import('./android-safetynet.js')).verifyAndroidSafetyNet),
  'fido-u2f': lazy(async () => (await import('./fido-u2f.js')).verifyFidoU2f),
  none: verifyNone,
  apple: lazy(async () => (await import('./apple.js')).verifyApple),
});

function checkOptions(options: AttestationOptions): void {
  if (typeof options !== 'object' || options === null) fail('invalid_options', 'attestation options must be an object');
  if (options.now !== undefined && !(options.now instanceof Date && !Number.isNaN(options.now.getTime()))) {
    fail('invalid_options', 'attestation option "now" must be a valid Date');
  }
  if (options.allowedTypes !== undefined) {
    if (!Array.isArray(options.allowedTypes) || !options.allowedTypes.every((t) => ATTESTATION_TYPES.includes(t))) {
      fail('invalid_options', `attestation option "allowedTypes" must list types among ${ATTESTATION_TYPES.join(', ')}`);
    }
  }
  if (options.unknownFormats !== undefined && options.unknownFormats !== 'reject' && options.unknownFormats !== 'treat-as-none') {
    fail('invalid_options', 'attestation option "unknownFormats" must be "reject" or "treat-as-none"');
  }
}

interface Judged {
  verdict: AttestationVerdict;
  /** The trust path is itself broken (not merely unanchored). */
  defective: boolean;
}

/** Steps 19-22 for one (non-compound) statement: verify it, then evaluate its trust. */
async function verifyStatement(input: AttestationStatementInput, options: AttestationOptions, aaguid: string): Promise<Judged> {
  // Step 19: "a USASCII case-sensitive match on fmt against the set of supported formats."
  const verifier = Object.prototype.hasOwnProperty.call(FORMAT_VERIFIERS, input.fmt) ? FORMAT_VERIFIERS[input.fmt] : undefined;
  let result;
  if (verifier) {
    // Step 20: the format's verification procedure.
    result = await verifier(input, options);
  } else if (options.unknownFormats === 'treat-as-none') {
    result = { type: 'none' as const, trustPath: [], facts: { format: 'unknown' as const, fmt: input.fmt } };
  } else {
    throw new WebAuthnError('unsupported_attestation_format', `attestation statement format "${input.fmt}" is not supported`, {
      step: '7.1 step 19',
    });
  }

  const verdict: AttestationVerdict = {
    format: input.fmt,
    type: result.type,
    trustPath: result.trustPath.map((certificate) => toBase64url(certificate.der)),
    trusted: false,
    aaguid,
    reasons: [],
    facts: result.facts,
  };
  // Step 22: "If no attestation was provided ... if self attestation was used, verify that it is
  // acceptable under Relying Party policy": neither can chain to an anchor.
  if (result.trustPath.length === 0) {
    verdict.reasons.push(
      result.type === 'self'
        ? 'self attestation is signed by the credential key itself; no trust anchor can vouch for it'
        : `${result.type} attestation carries no trust path`,
    );
    return { verdict, defective: false };
  }
  // Steps 21-22 for an X.509 trust path; the X.509 stack loads only here.
  const { evaluateTrustPath, resolveTrustAnchors, trustContext } = await (trustModule ??= import('./trust.js'));
  const ctx = trustContext(input.fmt, aaguid, result.trustPath[0]!);
  const anchors = await resolveTrustAnchors(options.trustAnchors, ctx);
  const trust = await evaluateTrustPath(result.trustPath, anchors, ctx, input.now);
  verdict.trusted = trust.trusted;
  verdict.reasons = trust.reasons;
  if (trust.anchor) verdict.anchor = trust.anchor;
  return { verdict, defective: trust.defective };
}

/**
 * Verifies an attestation statement and judges its trust (WebAuthn L3 section 7.1 steps 19-22).
 * Returns a JSON-serialisable verdict; `trusted` is true only when the trust path chained to an
 * anchor from `options.trustAnchors`. Throws WebAuthnError when the statement is invalid, its fmt
 * unknown ('unsupported_attestation_format'), its type not in `allowedTypes`
 * ('attestation_type_not_allowed'), or, with `requireTrustedAttestation`, when it is not trusted:
 * 'attestation_chain_invalid' if the chain itself is broken (bad signature, expired, constraint
 * violated), 'attestation_untrusted' if it reaches no anchor (or is none/self).
 */
export async function verifyAttestation(input: AttestationInput, options: AttestationOptions = {}): Promise<AttestationVerdict> {
  checkOptions(options);
  const now = options.now ?? input.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) fail('invalid_options', 'attestation input "now" must be a valid Date');
  if (typeof input.fmt !== 'string') fail('attestation_statement_invalid', 'attestation "fmt" must be a string', '7.1 step 19');
  const aaguid = toUuid(input.authData.attestedCredentialData?.aaguid ?? new Uint8Array(16));
  const base = { ...input, now };

  let judged: Judged;
  if (input.fmt === 'compound') {
    if (!Array.isArray(input.attStmt)) fail('attestation_statement_invalid', 'a compound attStmt must be an array', '8.9 compound');
    const subs = new Map<AttestationVerdict, boolean>();
    const verdict = await verifyCompound({ ...base, attStmt: input.attStmt }, async (sub) => {
      const one = await verifyStatement(sub, options, aaguid);
      subs.set(one.verdict, one.defective);
      return one.verdict;
    });
    // Broken only if every sub-statement's chain is broken; otherwise merely unanchored.
    judged = { verdict, defective: !verdict.trusted && [...subs.values()].every(Boolean) };
  } else {
    if (!(input.attStmt instanceof Map)) fail('attestation_statement_invalid', 'attStmt must be a map', '7.1 step 20');
    judged = await verifyStatement({ ...base, attStmt: input.attStmt }, options, aaguid);
  }

  const { verdict } = judged;
  if (options.allowedTypes && !options.allowedTypes.includes(verdict.type)) {
    fail('attestation_type_not_allowed', `attestation type "${verdict.type}" is not allowed`, '7.1 step 22');
  }
  if (options.requireTrustedAttestation && !verdict.trusted) {
    const code = judged.defective ? 'attestation_chain_invalid' : 'attestation_untrusted';
    fail(code, `attestation is not trusted: ${verdict.reasons.join('; ')}`, '7.1 step 22');
  }
  return verdict;
}

export type * from './types.js';
