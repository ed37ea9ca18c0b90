import { WebAuthnError } from '../errors.js';
import { originListProblems } from './origin.js';
import { quote } from './web-origin.js';

/**
 * Whether ceremonies may run inside cross-origin iframes, and under which top-level pages.
 * The default rejects every cross-origin ceremony. Allowing them takes both switches:
 * `allowCrossOrigin: true` and the top-level origins (or a predicate) that may embed you.
 */
export interface CrossOriginPolicy {
  /** Default false: clientDataJSON.crossOrigin = true is rejected. */
  allowCrossOrigin?: boolean;
  /** Serialised web origins of the pages allowed to embed the ceremony, or a predicate. */
  allowedTopOrigins?: readonly string[] | ((topOrigin: string) => boolean);
}

/** The members of CollectedClientData this check reads (WebAuthn L3 §5.8.1). */
export interface CrossOriginClientData {
  crossOrigin?: boolean;
  topOrigin?: string;
}

/** Throws 'invalid_options' when the policy cannot be applied, whatever the request. */
function checkPolicy(policy: CrossOriginPolicy | undefined): void {
  if (policy === undefined) return;
  if (typeof policy !== 'object' || policy === null) throw new WebAuthnError('invalid_options', 'the cross-origin policy must be an object');
  if (policy.allowCrossOrigin !== undefined && typeof policy.allowCrossOrigin !== 'boolean') {
    throw new WebAuthnError('invalid_options', 'allowCrossOrigin must be a boolean');
  }
  const allowed = policy.allowedTopOrigins;
  if (typeof allowed === 'function') return;
  if (allowed === undefined) {
    if (policy.allowCrossOrigin === true) {
      throw new WebAuthnError('invalid_options', 'allowCrossOrigin needs allowedTopOrigins: the top-level origins that may embed the ceremony');
    }
    return;
  }
  if (!Array.isArray(allowed) || allowed.length === 0) {
    throw new WebAuthnError('invalid_options', 'allowedTopOrigins must be a non-empty list of origins or a predicate');
  }
  const problems = originListProblems(allowed, { allowNativeApps: false });
  if (problems.length > 0) throw new WebAuthnError('invalid_options', `allowedTopOrigins: ${problems.join('; ')}`);
}

function topOriginAllowed(topOrigin: string, allowed: CrossOriginPolicy['allowedTopOrigins'], step: string): boolean {
  if (typeof allowed === 'function') {
    try {
      return allowed(topOrigin) === true;
    } catch (cause) {
      throw new WebAuthnError('top_origin_mismatch', `the top origin check for ${quote(topOrigin)} failed with an error`, { step, cause });
    }
  }
  return allowed !== undefined && allowed.includes(topOrigin);
}

/**
 * Applies the iframe policy to clientDataJSON's crossOrigin and topOrigin (WebAuthn L3 §5.8.1;
 * §7.1 step 9 and §7.2 step 12 at the cited index.bs commit 5cae00d; the final Level 3 text gives
 * topOrigin a step of its own). Fails closed:
 * - crossOrigin true is rejected ('cross_origin_not_allowed') unless the policy allows it;
 * - when allowed, topOrigin must be present and allowed ('top_origin_mismatch');
 * - a topOrigin without crossOrigin true is contradictory: clients set it only for
 *   cross-origin calls, so it is rejected too ('top_origin_mismatch').
 * The policy itself is checked on every call ('invalid_options'), so a policy that allows
 * cross-origin ceremonies without saying which top-level origins fails on the first request.
 */
export function checkCrossOrigin(clientData: CrossOriginClientData, policy: CrossOriginPolicy | undefined, step: string): void {
  checkPolicy(policy);
  const { crossOrigin, topOrigin } = clientData;
  if (crossOrigin !== undefined && typeof crossOrigin !== 'boolean') {
    throw new WebAuthnError('malformed_client_data', 'clientDataJSON "crossOrigin" is not a boolean', { step });
  }
  if (topOrigin !== undefined && typeof topOrigin !== 'string') {
    throw new WebAuthnError('malformed_client_data', 'clientDataJSON "topOrigin" is not a string', { step });
  }
  if (crossOrigin !== true) {
    if (topOrigin !== undefined) {
      throw new WebAuthnError('top_origin_mismatch', `topOrigin ${quote(topOrigin)} is present although crossOrigin is not true`, { step });
    }
    return;
  }
  if (policy?.allowCrossOrigin !== true) {
    throw new WebAuthnError('cross_origin_not_allowed', 'the ceremony ran in a cross-origin iframe, which this RP does not allow', { step });
  }
  if (topOrigin === undefined) {
    throw new WebAuthnError('top_origin_mismatch', 'the ceremony ran in a cross-origin iframe but the client reported no topOrigin', { step });
  }
  if (!topOriginAllowed(topOrigin, policy.allowedTopOrigins, step)) {
    throw new WebAuthnError('top_origin_mismatch', `top-level origin ${quote(topOrigin)} is not allowed to embed the ceremony`, { step });
  }
}
