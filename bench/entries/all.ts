// The whole library (every public entry but the testing one), for the bundle-size benchmark.
export * from 'passkey-rp';
export * from 'passkey-rp/attestation';
export * from 'passkey-rp/metadata';
