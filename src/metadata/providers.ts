import type { ProviderDirectory, ProviderEntryJSON } from '../lifecycle/providers.js';
import { knownAaguid } from '../lifecycle/aaguid.js';
import { checkBlob, type MetadataBlob } from './statement.js';

/**
 * A provider directory from a verified BLOB, for `describePasskey` / `providerFor` (`providers`
 * option): each FIDO2 model's statement description as its name, and its icon (a data: URL;
 * `iconDark`, from MDS 3.1, for dark mode when present). Icons that are not image data URIs are
 * dropped by the provider lookup itself. Entries without a metadata statement are left out.
 */
export function providerDirectory(blob: MetadataBlob): ProviderDirectory {
  checkBlob(blob, 'providerDirectory');
  const directory: Record<string, ProviderEntryJSON> = {};
  for (const entry of blob.entries) {
    const aaguid = knownAaguid(entry.aaguid);
    const statement = entry.metadataStatement;
    if (aaguid === undefined || statement === undefined) continue;
    const provider: ProviderEntryJSON = { name: statement.description };
    if (statement.icon !== undefined) provider.icon_light = statement.icon;
    const dark = statement.iconDark ?? statement.icon;
    if (dark !== undefined) provider.icon_dark = dark;
    directory[aaguid] = provider;
  }
  return Object.freeze(directory);
}
