import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The Public Suffix List (tldts, the largest dependency) is needed only by the configuration-time
 * checks, which load it on first use: importing the main entry must not load it.
 */
describe('Public Suffix List loading', () => {
  it('src/index.ts reaches tldts only through a dynamic import', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/index.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      alias: { '#crypto-backend': './src/crypto/node.ts' },
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint === 'src/index.ts')!;
    const reached = new Set<string>([entry]);
    for (const name of reached) {
      for (const imp of outputs[name]!.imports) if (imp.kind === 'import-statement' && !imp.external) reached.add(imp.path);
    }
    const eager = [...reached].flatMap((name) => Object.keys(outputs[name]!.inputs));
    expect(eager).toContain('src/origins/domain.ts');
    expect(eager.filter((i) => i.includes('node_modules/tldts'))).toEqual([]);
    const all = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('node_modules/tldts'))).toBe(true);
  });
});
