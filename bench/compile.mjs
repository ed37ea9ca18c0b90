// Compiles the benchmark (TypeScript) to plain ESM in node_modules/.cache/passkey-rp-bench, so that
// it runs under plain `node`: a TypeScript loader (tsx) registers module hooks, which in Node 20
// run off-thread and make every dynamic import() a round trip (about 90 µs, 4x the cost of a whole
// "none" registration). passkey-rp itself stays external, imported by absolute path from dist/
// exactly as the package resolves for its users; every other package stays external too.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/passkey-rp-bench/', import.meta.url));

await build({
  absWorkingDir: fileURLToPath(new URL('../', import.meta.url)),
  entryPoints: ['bench/run.ts', 'bench/memory.ts', 'bench/profile.ts'],
  outdir: OUT_DIR,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  tsconfig: 'bench/tsconfig.json',
  logLevel: 'warning',
  plugins: [
    {
      name: 'passkey-rp-from-dist',
      setup(b) {
        b.onResolve({ filter: /^passkey-rp(\/|$)/ }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)), external: true }));
      },
    },
  ],
});
