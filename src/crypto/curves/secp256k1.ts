// Loaded through import() (../noble.ts), which keeps every export of the module it names: this
// module names only the curve, so a bundler drops the rest of @noble/curves/secp256k1.js.
export { secp256k1 } from '@noble/curves/secp256k1.js';
