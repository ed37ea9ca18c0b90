// Loaded through import() (../noble.ts), which keeps every export of the module it names: this
// module names only the curve, so a bundler drops the rest of @noble/curves/ed25519.js.
export { ed25519 } from '@noble/curves/ed25519.js';
