import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, installPackedPackage, ROOT, type PackedProject } from './packed.js';

/**
 * The published artefact: the tarball `npm pack` makes from the built tree passes publint and
 * Are The Types Wrong, holds only what a user needs, and works when installed into a fresh
 * project and imported by name with plain Node (both ceremonies, every algorithm).
 */

let project: PackedProject;
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

beforeAll(async () => {
  project = await installPackedPackage(['test/runtimes/checks.mjs', 'test/runtimes/portable.mjs']);
});

afterAll(() => project?.remove());

describe('the packed package', () => {
  it('holds dist, the README, the license and package.json, and nothing else', () => {
    const outside = project.files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(outside).toEqual([]);
    for (const entry of ['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/attestation/public.js', 'dist/crypto/node.js', 'dist/crypto/webcrypto.js']) {
      expect(project.files).toContain(entry);
    }
  });

  it('passes publint (warnings count as errors)', async () => {
    const { stdout } = await command(bin('publint'), ['run', project.tarball, '--strict'], project.dir);
    expect(stdout).toContain('All good!');
  });

  it('passes Are The Types Wrong for an ESM-only package', async () => {
    const { stdout } = await command(bin('attw'), [project.tarball, '--profile', 'esm-only', '--format', 'json'], project.dir);
    // attw exits non-zero on a problem its profile counts (command() then throws); the JSON lists
    // every problem, including those of the resolutions esm-only ignores (node10, CommonJS require).
    const report = JSON.parse(stdout) as { analysis: { problems: { resolutionKind?: string }[]; entrypoints: Record<string, unknown> } };
    const counted = report.analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(counted).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining(['.', './testing', './attestation', './metadata']));
  });

  it("bundles cbor-x's decoder and encoder with its MIT notice, so the installed package neither imports nor installs cbor-x", () => {
    const packageDir = join(project.dir, 'node_modules/passkey-rp');
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('cbor-x');
    expect(existsSync(join(project.dir, 'node_modules/cbor-x'))).toBe(false);
    const code = project.files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(packageDir, f), 'utf8'));
    const imported = code.flatMap((text) => [...text.matchAll(/(?:\bfrom|\bimport\(?)\s*["']([^"'.#][^"']*)["']/g)].map((m) => m[1]!));
    expect(imported.filter((name) => name.startsWith('cbor-x'))).toEqual([]);
    for (const module of ['decode.js', 'encode.js']) {
      const holders = code.filter((text) => new RegExp(`cbor-x [\\d.]+ ${module.replace('.', '\\.')}, bundled unchanged`).test(text));
      expect(holders, module).toHaveLength(1);
      expect(holders[0]).toContain('Copyright (c) 2020 Kris Zyp');
      expect(holders[0]).toContain('Permission is hereby granted, free of charge');
    }
  });

  it('installs from the tarball and runs both ceremonies for every algorithm under plain Node, on the node:crypto backend', async () => {
    const { stdout } = await command(process.execPath, ['portable.mjs'], project.dir, { ...process.env, EXPECT_BACKEND: 'node' });
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(stdout);
    expect(stdout).toContain('crypto backend: dist/crypto/node.js');
    expect(summary?.[2]).toBe('0');
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(21);
  });
});
