import { parse } from 'tldts';
import { quote } from './web-origin.js';

/**
 * Domain rules browsers apply to RP IDs, on top of the Public Suffix List (tldts). The PSL's
 * private section counts (github.io, vercel.app...), as it does for browsers' "registrable
 * domain": `allowPrivateDomains` is on everywhere.
 */
const PSL = { allowPrivateDomains: true } as const;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `localhost` and its subdomains: secure contexts over plain http (RFC 6761, Secure Contexts). */
export function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

export function isIpAddress(host: string): boolean {
  return host.startsWith('[') || parse(host, PSL).isIp === true;
}

/** The PSL rule that applies to `host` (unlisted TLDs fall back to the implicit "*" rule). */
function publicSuffix(host: string): string | null {
  return parse(host, PSL).publicSuffix;
}

/** True when `host` is itself a suffix listed on the PSL (co.uk, github.io), not just an unknown TLD. */
export function isListedPublicSuffix(host: string): boolean {
  const result = parse(host, PSL);
  return result.publicSuffix === host && (result.isIcann === true || result.isPrivate === true);
}

/**
 * WebAuthn L3 §5.11.1 "registrable origin label": the first label of the host's registrable
 * domain (eTLD+1), so example.com, www.example.co.uk and example.de all give "example".
 * Null for IP addresses and for hosts that have no registrable domain (a public suffix, localhost).
 */
export function registrableOriginLabel(host: string): string | null {
  if (isIpAddress(host)) return null;
  const domain = parse(host, PSL).domain;
  if (domain === null) return null;
  const dot = domain.indexOf('.');
  return dot > 0 ? domain.slice(0, dot) : null;
}

/**
 * HTML "is a registrable domain suffix of or is equal to" (what WebAuthn's RP ID check calls):
 * `rpId` equals `host`, or `host` is a subdomain of `rpId` and `rpId` is not a public suffix
 * of it. WebAuthn additionally requires domains, never IP addresses (L3 §5.1.3 / §5.1.4).
 */
export function isRegistrableSuffixOrEqual(rpId: string, host: string): boolean {
  if (rpId.length === 0 || isIpAddress(host) || isIpAddress(rpId)) return false;
  if (rpId === host) return true;
  if (!host.endsWith(`.${rpId}`)) return false;
  const suffix = publicSuffix(host);
  return suffix !== null && rpId !== suffix && !suffix.endsWith(`.${rpId}`);
}

/**
 * What is wrong with `rpId` as a domain string, or undefined when it is a valid, canonical
 * (lowercase, punycode) domain. A valid RP ID is a domain such as "example.com": no scheme,
 * port, path or trailing dot, and not an IP address (WebAuthn L3 §4 "RP ID", URL "valid domain").
 */
export function domainProblem(rpId: unknown): string | undefined {
  if (typeof rpId !== 'string' || rpId.length === 0) return 'the RP ID must be a non-empty string';
  const q = quote(rpId);
  if (rpId.includes('://')) return `RP ID ${q} is an origin; an RP ID is a bare domain such as "example.com"`;
  const ip = `RP ID ${q} is an IP address; browsers only accept domain names as RP IDs`;
  if (rpId.startsWith('[')) return ip;
  if (/[/?#@]/.test(rpId)) return `RP ID ${q} has a path or other URL parts; an RP ID is a bare domain such as "example.com"`;
  if (rpId.includes(':')) return `RP ID ${q} has a port; an RP ID is a bare domain (the port never matters)`;
  if (rpId.endsWith('.')) return `RP ID ${q} ends with a dot; write it without`;
  let canonical: string;
  try {
    canonical = new URL(`https://${rpId}`).hostname;
  } catch {
    return `RP ID ${q} is not a valid domain`;
  }
  // The URL parser reads "1.2.3" or "0x7f.1" as IPv4 addresses, as browsers do.
  if (isIpAddress(canonical)) return ip;
  if (canonical !== rpId) return `RP ID ${q} is not in canonical form (lowercase, punycode): write it as ${quote(canonical)}`;
  if (rpId.length > 253 || !rpId.split('.').every((label) => LABEL.test(label))) {
    return `RP ID ${q} is not a valid domain (labels of 1-63 letters, digits and inner hyphens)`;
  }
  return undefined;
}
