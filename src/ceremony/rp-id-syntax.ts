import { WebAuthnError } from '../errors.js';
import { domainProblem } from '../origins/domain.js';
import { quote } from '../origins/web-origin.js';

/**
 * The synchronous RP ID check of the option builders and verifiers. An RP ID is a valid domain
 * string (WebAuthn L3 §4 "RP ID"), which clients compare exactly, lowercase and punycoded: "https://example.com",
 * "Example.com" or "example.com:443" can never match, so they are configuration mistakes, caught
 * here instead of as an rp_id_mismatch on every ceremony. Whether the RP ID is a public suffix
 * needs the Public Suffix List: that is checkRpConfiguration's job, at start-up.
 */

/** A domain has at most 253 characters (RFC 1035 §2.3.4, as the URL Standard's "valid domain"). */
const MAX_RP_ID_LENGTH = 253;

// RP IDs are few and fixed per deployment: remember the valid ones (bounded) so that a sign-in
// does not parse a URL for them again.
const valid = new Set<string>();

/** The host a mistyped RP ID was meant to be ("https://Example.com:443/" gives "example.com"), if any. */
function intendedHost(rpId: string): string | undefined {
  let host: string;
  try {
    host = new URL(rpId.includes('://') ? rpId : `https://${rpId}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
  return host !== rpId && domainProblem(host) === undefined ? host : undefined;
}

/**
 * Returns `rpId` when it is a valid RP ID: a lowercase ASCII (punycode) domain, labels of 1 to 63
 * letters, digits and inner hyphens, at most 253 characters, no scheme, port, path or trailing
 * dot, not an IP address; `localhost` is one. Otherwise throws 'invalid_rp_id', suggesting the
 * RP ID that was probably meant ('invalid_options' when it is not a non-empty string at all).
 */
export function checkRpIdSyntax(rpId: unknown, what: string): string {
  if (typeof rpId !== 'string' || rpId.length === 0) {
    throw new WebAuthnError('invalid_options', `${what} must be a non-empty string, a domain such as "example.com"`);
  }
  if (valid.has(rpId)) return rpId;
  if (rpId.length > MAX_RP_ID_LENGTH) {
    throw new WebAuthnError('invalid_rp_id', `${what} is longer than the ${MAX_RP_ID_LENGTH} characters a domain may have`);
  }
  const problem = domainProblem(rpId);
  if (problem !== undefined) {
    const host = intendedHost(rpId);
    const fix = host === undefined || problem.includes(`write it as ${quote(host)}`) ? '' : `; use ${quote(host)}, not ${quote(rpId)}`;
    throw new WebAuthnError('invalid_rp_id', `${what}: ${problem}${fix}`);
  }
  if (valid.size < 256) valid.add(rpId);
  return rpId;
}
