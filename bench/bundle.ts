import { gzipSync } from 'node:zlib';
import { build, type Metafile, type OutputFile } from 'esbuild';

/**
 * Bundle size of an entry as an application bundler would ship it: esbuild, minified ESM with code
 * splitting, each chunk gzipped (-9) on its own. `eager` is what loading the entry loads (its chunk
 * and the chunks it imports statically); `total` adds the chunks behind dynamic imports, which a
 * runtime loads only when they are first needed (certificates, rare algorithms). `external`
 * packages are left out (to tell what the rest weighs).
 */
export interface BundleSize {
  eager: { minified: number; gzip: number };
  total: { minified: number; gzip: number };
  /** Packages (or source folders) by their share of the eager minified output, largest first. */
  largest: { name: string; bytes: number }[];
}

export async function bundleSize(entry: string, platform: 'node' | 'browser', cwd: string, external: string[] = []): Promise<BundleSize> {
  const result = await build({
    absWorkingDir: cwd,
    entryPoints: [entry],
    external,
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform,
    // Not the root tsconfig: its "paths" would send #crypto-backend to a source file.
    tsconfig: 'bench/tsconfig.json',
    outdir: 'bench-out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entryName = Object.keys(outputs).find((name) => outputs[name]!.entryPoint === entry)!;
  const eager = new Set([entryName]);
  for (const name of eager) {
    for (const imported of outputs[name]!.imports) if (imported.kind === 'import-statement' && outputs[imported.path]) eager.add(imported.path);
  }
  const files = new Map<string, OutputFile>(result.outputFiles.map((f) => [f.path.slice(cwd.length).replace(/^\//, ''), f]));
  const sizeOf = (names: Iterable<string>) => {
    let minified = 0;
    let gzip = 0;
    for (const name of names) {
      if (!name.endsWith('.js')) continue;
      const code = files.get(name)!.contents;
      minified += code.length;
      gzip += gzipSync(code, { level: 9 }).length;
    }
    return { minified, gzip };
  };
  return { eager: sizeOf(eager), total: sizeOf(Object.keys(outputs)), largest: largestInputs(result.metafile, eager) };
}

function largestInputs(metafile: Metafile, chunks: Set<string>): { name: string; bytes: number }[] {
  const byName = new Map<string, number>();
  for (const chunk of chunks) {
    for (const [path, { bytesInOutput }] of Object.entries(metafile.outputs[chunk]!.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      // dist/ is itself bundled (scripts/build.mjs): its files no longer map to source folders.
      const name = match ? match[1]! : path.startsWith('dist/') ? 'passkey-rp' : path.replace(/\/[^/]+$/, '/');
      byName.set(name, (byName.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byName].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Minified and gzipped size of one module of a dependency, all of it (an upper bound of what it adds). */
export async function moduleSize(specifier: string, platform: 'node' | 'browser', cwd: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    absWorkingDir: cwd,
    stdin: { contents: `import * as m from '${specifier}'; globalThis.m = m;`, resolveDir: cwd, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
