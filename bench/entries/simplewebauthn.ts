// @simplewebauthn/server as a whole, the comparison point of the bundle-size benchmark.
export * from '@simplewebauthn/server';
