import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The package as a user gets it: `npm pack` of the built tree, installed from the tarball into a
 * fresh project in a temporary directory (no tsconfig, no workspace link, nothing of the repo
 * but what the tarball holds). Dependencies come from npm's cache (offline first).
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/**
 * Written into the installed copy: resolves #crypto-backend from inside the package, exactly as
 * the bundled entries do, so a runtime can report which backend its conditions selected.
 */
export const BACKEND_PROBE = 'dist/crypto/which-backend.mjs';

export interface PackedProject {
  /** The temporary project; `node_modules/passkey-rp` is the installed tarball. */
  dir: string;
  tarball: string;
  /** The paths `npm pack` put in the tarball. */
  files: string[];
  remove(): void;
}

/** Runs a command; rejects with its output when it fails. */
export async function command(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  try {
    return await run(file, args, { cwd, env, maxBuffer: 1 << 26 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/**
 * Packs the current dist/ (build first: packing skips the prepack build, so that it never rewrites
 * dist/ under other tests) and installs the tarball into a new temporary project with `files`
 * copied in.
 */
export async function installPackedPackage(files: readonly string[] = []): Promise<PackedProject> {
  const dir = mkdtempSync(join(tmpdir(), 'passkey-rp-packed-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const { stdout } = await command('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    const [{ filename, files: packed }] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    const tarball = join(dir, filename);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'passkey-rp-consumer', private: true, type: 'module' }, null, 2));
    const install = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', tarball];
    try {
      await command('npm', ['--offline', ...install], dir);
    } catch {
      await command('npm', ['--prefer-offline', ...install], dir);
    }
    writeFileSync(join(dir, 'node_modules/passkey-rp', BACKEND_PROBE), "export default import.meta.resolve('#crypto-backend');\n");
    for (const file of files) cpSync(join(ROOT, file), join(dir, file.split('/').pop()!));
    return { dir, tarball, files: packed.map((f) => f.path), remove };
  } catch (error) {
    remove();
    throw error;
  }
}
