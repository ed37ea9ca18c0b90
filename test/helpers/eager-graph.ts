import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles src/index.ts with esbuild (code splitting, the given crypto backend) and returns the
 * source files that importing the entry loads at once (`eager`) and those in any chunk (`all`),
 * so a test can prove that a dependency is only reachable through a dynamic import.
 */
export async function entryGraph(backend: 'node' | 'webcrypto'): Promise<{ eager: string[]; all: string[] }> {
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
  return {
    eager: [...reached].flatMap((name) => Object.keys(outputs[name]!.inputs)),
    all: Object.values(outputs).flatMap((output) => Object.keys(output.inputs)),
  };
}
