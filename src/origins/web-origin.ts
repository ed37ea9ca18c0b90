/**
 * Web origins in the form browsers put in clientDataJSON: the ASCII serialisation of an origin
 * (HTML Standard), `scheme://host[:port]` with a lowercase, punycoded host, no default port and
 * no path. Configured origins must already be in that form, so that matching stays an exact
 * string comparison and a typo is reported instead of silently never matching.
 */

export interface WebOrigin {
  /** The serialised origin, e.g. "https://login.example.com" or "http://localhost:3000". */
  origin: string;
  scheme: 'https' | 'http';
  /** The host as the URL parser gives it (IPv6 addresses keep their brackets). */
  host: string;
}

export type WebOriginParse = { ok: true; value: WebOrigin } | { ok: false; problem: string };

/** Quotes an untrusted or configured string for a message: JSON escaping, bounded length. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

/** Parses one configured web origin; explains what is wrong when it is not a serialised origin. */
export function parseWebOrigin(text: unknown): WebOriginParse {
  if (typeof text !== 'string' || text.length === 0) return { ok: false, problem: 'an origin must be a non-empty string' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `${quote(text)} is not a URL; an origin looks like "https://example.com"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: `${quote(text)} is not an http(s) origin` };
  }
  if (url.origin !== text) {
    const write = `write it as ${quote(url.origin)}`;
    let why = 'is not written the way browsers report origins (lowercase host, no default port)';
    if (text === `${url.origin}/`) why = 'has a trailing slash; an origin has no path';
    else if (url.pathname !== '/' || url.search !== '' || url.hash !== '') why = 'has a path, query or fragment; an origin is scheme://host[:port]';
    else if (url.username !== '' || url.password !== '') why = 'has user credentials; an origin is scheme://host[:port]';
    return { ok: false, problem: `${quote(text)} ${why}: ${write}` };
  }
  // The URL parser accepts "*" in a host, but no browser reports such an origin: a pattern written
  // as an origin would silently never match. Patterns belong in a predicate or matcher.
  if (url.hostname.includes('*')) {
    return { ok: false, problem: `${quote(text)} has a "*" in its host: origins match exactly; to accept a family of origins, pass a predicate` };
  }
  return { ok: true, value: { origin: url.origin, scheme: url.protocol === 'https:' ? 'https' : 'http', host: url.hostname } };
}
