import { WebAuthnError } from '../errors.js';
import { domainProblem, isIpAddress, isLocalhost, loadDomainRules, type DomainRules } from './domain.js';
import { ANDROID_APK_KEY_HASH_PREFIX, isAndroidApkKeyHashOrigin } from './native-apps.js';
import { validateRelatedOrigins, type RelatedOriginsOptions } from './related-origins.js';
import { parseWebOrigin, quote } from './web-origin.js';

/** An RP's scope, as configured: its RP ID and the origins its ceremonies run on. */
export interface RpConfiguration {
  /** The RP ID: a domain such as "example.com" (WebAuthn L3 §4 "RP ID"). */
  rpId: string;
  /** Serialised web origins and Android app origins the ceremonies run on. */
  origins: string | readonly string[];
  /**
   * The origins listed in `https://<rpId>/.well-known/webauthn` (Related Origin Requests,
   * §5.11): origins on other sites are valid only when listed there, within the label limit.
   */
  relatedOrigins?: readonly string[];
  /** The label limit assumed for related origins. Default 5. */
  relatedOriginsOptions?: RelatedOriginsOptions;
}

export type RpConfigurationCheck = { ok: true } | { ok: false; problems: string[] };

function rpIdProblems(rpId: unknown, rules: DomainRules): string[] {
  const problem = domainProblem(rpId);
  if (problem !== undefined) return [problem];
  const id = rpId as string;
  if (id !== 'localhost' && rules.isListedPublicSuffix(id)) {
    return [
      `RP ID ${quote(id)} is a public suffix (Public Suffix List): browsers refuse it, as it would be shared by every site under it; use your own registrable domain below it`,
    ];
  }
  return [];
}

function originProblems(origin: unknown, rpId: string | undefined, related: ReadonlySet<string>, rules: DomainRules): string[] {
  if (typeof origin === 'string' && origin.startsWith(ANDROID_APK_KEY_HASH_PREFIX)) {
    // The app is bound to the RP ID by Digital Asset Links, not by its origin.
    return isAndroidApkKeyHashOrigin(origin)
      ? []
      : [`${quote(origin)} is not "android:apk-key-hash:" followed by the 43-character base64url SHA-256 (use androidApkKeyHashOrigin())`];
  }
  const parsed = parseWebOrigin(origin);
  if (!parsed.ok) return [parsed.problem];
  const { origin: text, scheme, host } = parsed.value;
  if (isIpAddress(host)) return [`origin ${quote(text)} has an IP address as host; WebAuthn needs a domain name (use localhost for development)`];
  if (scheme === 'http' && !isLocalhost(host)) {
    return [`origin ${quote(text)} uses http; browsers allow WebAuthn over http only on localhost`];
  }
  if (rpId === undefined || rules.isRegistrableSuffixOrEqual(rpId, host) || related.has(text)) return [];
  if (host.endsWith(`.${rpId}`)) {
    return [`origin ${quote(text)} cannot use RP ID ${quote(rpId)}: the RP ID is the public suffix of ${quote(host)}`];
  }
  return [
    `origin ${quote(text)} is neither ${quote(rpId)} nor a subdomain of it, so browsers will refuse this RP ID there; ` +
      `choose an RP ID that is a registrable suffix of its host, or list it in the related origins (${quote(`https://${rpId}/.well-known/webauthn`)})`,
  ];
}

/**
 * Checks an RP's configuration up front and explains every problem found:
 * - the RP ID is a canonical domain (lowercase, no scheme, port or path), not an IP address and
 *   not a public suffix (Public Suffix List, private section included); `localhost` is allowed;
 * - every origin is a serialised origin, https (http only on localhost and its subdomains), whose
 *   host is the RP ID or a subdomain of it (HTML "is a registrable domain suffix of or is equal
 *   to"), or is listed in `relatedOrigins` within the browsers' label limit;
 * - Android app origins are well formed (their link to the RP ID is Digital Asset Links).
 * Async because the Public Suffix List is loaded on first use (it is not needed to verify a
 * ceremony, so importing the library does not load it): call it once, at start-up.
 */
export async function checkRpConfiguration(config: RpConfiguration): Promise<RpConfigurationCheck> {
  if (typeof config !== 'object' || config === null) return { ok: false, problems: ['the configuration must be an object'] };
  const rules = await loadDomainRules();
  const problems = rpIdProblems(config.rpId, rules);
  const rpId = problems.length === 0 ? config.rpId : undefined;

  const origins: readonly unknown[] = typeof config.origins === 'string' ? [config.origins] : Array.isArray(config.origins) ? config.origins : [];
  if (origins.length === 0) problems.push('no origins are configured');

  let related = new Set<string>();
  if (config.relatedOrigins !== undefined && rpId !== undefined) {
    const report = await validateRelatedOrigins(rpId, { origins: config.relatedOrigins }, config.relatedOriginsOptions);
    problems.push(...report.problems.map((p) => `related origins: ${p}`));
    related = new Set(report.accepted);
  }
  for (const origin of origins) problems.push(...originProblems(origin, rpId, related, rules));
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** Like checkRpConfiguration, but rejects with 'invalid_rp_id', every problem in the message. */
export async function assertRpConfiguration(config: RpConfiguration): Promise<void> {
  const result = await checkRpConfiguration(config);
  if (!result.ok) {
    const rpId = typeof config?.rpId === 'string' ? ` for ${quote(config.rpId)}` : '';
    throw new WebAuthnError('invalid_rp_id', `the RP configuration${rpId} has ${result.problems.length} problem(s):\n- ${result.problems.join('\n- ')}`);
  }
}
