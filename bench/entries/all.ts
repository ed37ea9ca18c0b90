// The whole library (both public entries but the testing one), for the bundle-size benchmark.
export * from 'passkey-rp';
export * from 'passkey-rp/attestation';
