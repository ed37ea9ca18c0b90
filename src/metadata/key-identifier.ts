import { sha1 } from '@noble/hashes/legacy.js';
import { toHex } from '../encoding/bytes.js';
import { subjectPublicKeyBits, type Certificate } from '../x509/index.js';

/**
 * The key identifier MDS 3.0 section 3.1.1 lists FIDO U2F attestation certificates by, computed
 * synchronously for the (synchronous) trust anchor lookup: RFC 5280 section 4.2.1.2 method (1),
 * the SHA-1 of the subjectPublicKey BIT STRING's value, lowercase hex. SHA-1 names a key here; it
 * signs nothing.
 */
export function keyIdentifier(certificate: Certificate): string {
  return toHex(sha1(subjectPublicKeyBits(certificate.spki)));
}
