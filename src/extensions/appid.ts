import { WebAuthnError } from '../errors.js';
import { inputOf, isRecord } from './policy.js';

/**
 * FIDO AppID extensions, for RPs migrating from the U2F JavaScript API (WebAuthn L3 §10.1.1
 * appid, §10.1.2 appidExclude). The AppID is the string the RP used with U2F, e.g.
 * "https://example.com" or "https://example.com/app-id.json", and it is hashed exactly as given.
 */

/** Checks an AppID input: an https URL (FIDO AppID and Facet specification). Returns it unchanged. */
export function checkAppId(appId: unknown, what: string): string {
  let url: URL | undefined;
  if (typeof appId === 'string') {
    try {
      url = new URL(appId);
    } catch {
      url = undefined;
    }
  }
  if (url === undefined || url.protocol !== 'https:' || url.hostname === '') {
    throw new WebAuthnError('invalid_options', `${what} must be the https URL the RP used as its U2F AppID`);
  }
  return appId as string;
}

/**
 * The AppID whose SHA-256 the assertion's rpIdHash may carry (§10.1.1): the requested `appid`,
 * when the client's `appid` output is true; otherwise undefined. Reads the client outputs
 * defensively, as they arrive unvalidated.
 */
export function appIdForAssertion(requested: unknown, clientExtensionResults: unknown): string | undefined {
  const input = inputOf(requested, 'appid');
  if (input === undefined) return undefined;
  const appId = checkAppId(input, 'extensions.appid');
  return isRecord(clientExtensionResults) && clientExtensionResults.appid === true ? appId : undefined;
}

/**
 * The strings whose SHA-256 the sign-in verifier accepts as rpIdHash (§7.2 step 13 and
 * §10.1.1): the RP ID(s), plus the AppID when the RP requested `appid` and the client says it
 * used it. The RP ID stays acceptable even then: the client output is not signed, so it is a
 * hint, and both identifiers belong to this RP.
 */
export function effectiveRpIdHashes(
  rpId: string | readonly string[],
  clientExtensionResults: unknown,
  requestedAppid: string | undefined,
): string[] {
  const ids = typeof rpId === 'string' ? [rpId] : [...rpId];
  const appId = appIdForAssertion(requestedAppid === undefined ? undefined : { appid: requestedAppid }, clientExtensionResults);
  if (appId !== undefined && !ids.includes(appId)) ids.push(appId);
  return ids;
}
