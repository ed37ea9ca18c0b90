import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** Bundle size of an entry: esbuild, minified, one ESM file (lazy imports inlined), then gzip -9. */
export interface BundleSize {
  minified: number;
  gzip: number;
  /** Input files by their share of the minified output, largest first. */
  largest: { path: string; bytes: number }[];
}

export async function bundleSize(entry: string, platform: 'node' | 'browser', cwd: string): Promise<BundleSize> {
  const result = await build({
    absWorkingDir: cwd,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'out.js',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, largest: largestInputs(result.metafile) };
}

function largestInputs(metafile: Metafile): { path: string; bytes: number }[] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const key = match ? match[1]! : path.replace(/^dist\//, 'passkey-rp/').replace(/\/[^/]+$/, '/');
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}
