import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * @noble/curves serves only the curves a runtime's own crypto lacks, and loads on first use:
 * importing the main entry, with either crypto backend, must not load it.
 */
describe('@noble/curves loading', () => {
  it.each(['node', 'webcrypto'])('src/index.ts with the %s backend reaches @noble/curves only through a dynamic import', async (backend) => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/index.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      alias: { '#crypto-backend': `./src/crypto/${backend}.ts` },
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
    expect(eager).toContain(`src/crypto/${backend}.ts`);
    expect(eager).toContain('src/cose/key.ts');
    expect(eager.filter((input) => input.includes('node_modules/@noble/curves'))).toEqual([]);
    const all = Object.values(outputs).flatMap((output) => Object.keys(output.inputs));
    expect(all.some((input) => input.includes('node_modules/@noble/curves'))).toBe(true);
  });
});
