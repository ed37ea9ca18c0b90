import { Encoder } from 'cbor-x/encode';
import { plain } from './bytes.js';

// Encoding is for the software authenticator and tests only: kept apart from the decoder so that
// a verifier never loads cbor-x's encoder.
const encoder = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false, variableMapSize: true } as never);

/** Encodes a value (Maps keep integer keys; Uint8Array becomes a byte string). */
export function encodeCbor(value: unknown): Uint8Array {
  return plain(encoder.encode(value));
}
