/** AAGUID strings as records hold them: canonical lowercase UUIDs, all zeros when undisclosed. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

/**
 * The AAGUID in canonical form, or undefined when it names no model: the all-zero AAGUID
 * (undisclosed: self attestation, or a client that anonymises for attestation "none", WebAuthn
 * section 5.1.3) or a value that is not a UUID at all.
 */
export function knownAaguid(aaguid: unknown): string | undefined {
  if (typeof aaguid !== 'string') return undefined;
  const lower = aaguid.toLowerCase();
  return UUID.test(lower) && lower !== ZERO_AAGUID ? lower : undefined;
}
