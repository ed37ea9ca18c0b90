import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The attestation entry must not pull the ASN.1/X.509 stack in statically: format modules and the
 * trust evaluation are imported on first use, so a "none" registration never loads them.
 */
describe('attestation module loading', () => {
  it('src/attestation/index.ts reaches no @peculiar module through static imports', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/attestation/index.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      alias: { '#crypto-backend': './src/crypto/webcrypto.ts' },
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint === 'src/attestation/index.ts')!;
    const reached = new Set<string>([entry]);
    for (const name of reached) {
      for (const imp of outputs[name]!.imports) if (imp.kind === 'import-statement') reached.add(imp.path);
    }
    const inputs = [...reached].flatMap((name) => Object.keys(outputs[name]!.inputs));
    expect(inputs).toContain('src/attestation/none.ts');
    expect(inputs.filter((i) => i.includes('@peculiar') || i.includes('src/x509/'))).toEqual([]);
    // ...while the formats that need certificates do reach it, lazily.
    const all = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('@peculiar/asn1-x509'))).toBe(true);
  });
});
