import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installPackedPackage, ROOT } from '../package/packed.js';

/**
 * `npm run test:runtimes [-- node deno bun]` (after a build): installs the packed package into a temporary
 * project and runs the portable checks (portable.mjs) there under each runtime, so each resolves
 * the package exactly as an application would (conditions included). The deno and bun runtimes
 * come from the devDependencies of the same names. Ends with the total "N passed, M failed".
 */

interface Runtime {
  command: string;
  args: string[];
  /** The crypto backend its package.json "imports" condition must select. */
  backend: 'node' | 'webcrypto';
}

const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const RUNTIMES: Record<string, Runtime> = {
  node: { command: process.execPath, args: ['portable.mjs'], backend: 'node' },
  deno: { command: bin('deno'), args: ['run', '--allow-all', '--no-prompt', 'portable.mjs'], backend: 'webcrypto' },
  bun: { command: bin('bun'), args: ['portable.mjs'], backend: 'node' },
};

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(RUNTIMES);
for (const name of chosen) if (!RUNTIMES[name]) throw new Error(`unknown runtime ${name}; known: ${Object.keys(RUNTIMES).join(', ')}`);

function runIn(dir: string, name: string, runtime: Runtime): Promise<{ passed: number; failed: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.command, runtime.args, {
      cwd: dir,
      env: { ...process.env, EXPECT_BACKEND: runtime.backend, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const summary = /^(\d+) passed, (\d+) failed$/m.exec(output);
      // A runtime that crashed before its summary counts as one failure.
      resolve(summary ? { passed: Number(summary[1]), failed: Number(summary[2]), code } : { passed: 0, failed: 1, code });
    });
  });
}

const project = await installPackedPackage(['test/runtimes/portable.mjs']);
let passed = 0;
let failed = 0;
try {
  for (const name of chosen) {
    const result = await runIn(project.dir, name, RUNTIMES[name]!);
    passed += result.passed;
    failed += result.failed + (result.code === 0 || result.failed > 0 ? 0 : 1);
  }
} finally {
  project.remove();
}
console.log(`runtimes: ${chosen.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
