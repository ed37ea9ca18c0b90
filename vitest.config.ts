import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const backend = (name: 'node' | 'webcrypto') => ({
  '#crypto-backend': fileURLToPath(new URL(`./src/crypto/${name}.ts`, import.meta.url)),
});

// The same verification cases run against both crypto backends: "node" (node:crypto, what the
// package's "node" condition selects) and "webcrypto" (Web Crypto + @noble, every other runtime).
const crossBackend = ['crypto', 'cose', 'registration', 'authentication', 'attestation', 'x509', 'vectors', 'metadata'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        resolve: { alias: backend('node') },
        test: { name: 'node-backend', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true,
        resolve: { alias: backend('webcrypto') },
        test: { name: 'webcrypto-backend', include: crossBackend.map((d) => `test/${d}/**/*.test.ts`) },
      },
    ],
  },
});
