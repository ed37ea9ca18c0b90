import type { PublicKeyMaterial } from '../crypto/types.js';
import { encodeCbor } from '../encoding/cbor-encode.js';
import { coseAlgorithm } from './algorithms.js';
import { describe, EC_CURVES, ED_CURVES, invalid, KTY_OF, keyFits, LABEL, unsupported } from './key.js';

// Encoding COSE keys is the software authenticator's job, never a verifier's: it lives apart so
// that the sign-in path does not load a CBOR encoder.
/**
 * Encodes a public key as a COSE_Key with alg, members in CTAP2 canonical order (1, 3, -1, -2, -3),
 * as an authenticator puts it in attested credential data. Throws 'unsupported_algorithm' for an
 * unknown alg and 'key_invalid' when the key does not suit it.
 */
export function encodeCoseKey(key: PublicKeyMaterial, alg: number): Uint8Array {
  const algorithm = coseAlgorithm(alg) ?? unsupported(`alg ${alg} is not supported`);
  if (!keyFits(algorithm.key, key)) invalid(`${describe(key)} key cannot be used with ${algorithm.name}`);
  const members: [number, unknown][] = [
    [LABEL.kty, KTY_OF[key.kind]],
    [LABEL.alg, alg],
  ];
  switch (key.kind) {
    case 'ec':
      members.push([LABEL.crv, EC_CURVES[key.curve].crv], [LABEL.x, key.x], [LABEL.y, key.y]);
      break;
    case 'okp':
      members.push([LABEL.crv, ED_CURVES[key.curve].crv], [LABEL.x, key.x]);
      break;
    case 'rsa':
      members.push([LABEL.n, key.n], [LABEL.e, key.e]);
      break;
    case 'ml-dsa':
      members.push([LABEL.pub, key.pub]);
      break;
  }
  return encodeCbor(new Map(members));
}
