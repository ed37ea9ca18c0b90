// Loaded through import() (../noble.ts), which keeps every export of the module it names: this
// module names only the curve, so a bundler drops the rest of @noble/curves/ed448.js.
export { ed448 } from '@noble/curves/ed448.js';
