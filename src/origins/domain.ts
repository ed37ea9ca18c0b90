import { WebAuthnError } from '../errors.js';
import { quote } from './web-origin.js';

/**
 * Domain rules browsers apply to RP IDs. The syntax checks here are synchronous; the rules that
 * need the Public Suffix List (tldts) come from `loadDomainRules()`, which loads the list on first
 * use: only configuration-time checks need it, so importing passkey-rp does not pay for it.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/** `localhost` and its subdomains: secure contexts over plain http (RFC 6761, Secure Contexts). */
export function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * True for a host that is an IP address, as the URL parser serialises hosts: IPv6 in brackets,
 * IPv4 as four decimal parts (it rewrites "1.2.3" or "0x7f.1" to that form, as browsers do).
 */
export function isIpAddress(host: string): boolean {
  return host.startsWith('[') || IPV4.test(host);
}

/** The rules that need the Public Suffix List. */
export interface DomainRules {
  /** True when `host` is itself a suffix listed on the PSL (co.uk, github.io), not just an unknown TLD. */
  isListedPublicSuffix(host: string): boolean;
  /**
   * WebAuthn L3 §5.11.1 "registrable origin label": the first label of the host's registrable
   * domain (eTLD+1). Null for IP addresses and hosts without a registrable domain.
   */
  registrableOriginLabel(host: string): string | null;
  /**
   * HTML "is a registrable domain suffix of or is equal to" (what WebAuthn's RP ID check calls):
   * `rpId` equals `host`, or `host` is a subdomain of `rpId` and `rpId` is not a public suffix
   * of it. WebAuthn additionally requires domains, never IP addresses (L3 §5.1.3 / §5.1.4).
   */
  isRegistrableSuffixOrEqual(rpId: string, host: string): boolean;
}

/** The subset of tldts's parse result these rules read. */
interface PslParse {
  (host: string, options: { allowPrivateDomains: boolean }): {
    domain: string | null;
    publicSuffix: string | null;
    isIcann: boolean | null;
    isPrivate: boolean | null;
  };
}

function domainRules(parse: PslParse): DomainRules {
  // The PSL's private section counts (github.io, vercel.app...), as it does for browsers'
  // "registrable domain".
  const psl = (host: string) => parse(host, { allowPrivateDomains: true });
  return {
    isListedPublicSuffix(host) {
      const result = psl(host);
      return result.publicSuffix === host && (result.isIcann === true || result.isPrivate === true);
    },
    registrableOriginLabel(host) {
      if (isIpAddress(host)) return null;
      const domain = psl(host).domain;
      if (domain === null) return null;
      const dot = domain.indexOf('.');
      return dot > 0 ? domain.slice(0, dot) : null;
    },
    isRegistrableSuffixOrEqual(rpId, host) {
      if (rpId.length === 0 || isIpAddress(host) || isIpAddress(rpId)) return false;
      if (rpId === host) return true;
      if (!host.endsWith(`.${rpId}`)) return false;
      // Unlisted TLDs fall back to the PSL's implicit "*" rule.
      const suffix = psl(host).publicSuffix;
      return suffix !== null && rpId !== suffix && !suffix.endsWith(`.${rpId}`);
    },
  };
}

let loaded: Promise<DomainRules> | undefined;

/** The PSL-backed rules; the first call loads tldts, later calls share it. */
export function loadDomainRules(): Promise<DomainRules> {
  loaded ??= import('tldts').then(({ parse }) => domainRules(parse));
  return loaded;
}

/**
 * WebAuthn L3 §5.11.1 "registrable origin label": the first label of the host's registrable
 * domain (eTLD+1), so example.com, www.example.co.uk and example.de all give "example".
 * Null for IP addresses and for hosts that have no registrable domain (a public suffix, localhost).
 * Rejects a non-string with 'invalid_options'. Async: it loads the Public Suffix List on first use.
 */
export async function registrableOriginLabel(host: string): Promise<string | null> {
  if (typeof host !== 'string') throw new WebAuthnError('invalid_options', 'registrableOriginLabel takes a host name string');
  return (await loadDomainRules()).registrableOriginLabel(host);
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
