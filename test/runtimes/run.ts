import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installPackedPackage, ROOT } from '../package/packed.js';
import { signUpThroughLauncher } from './launcher.js';

/**
 * `npm run test:runtimes [-- node deno bun]` (after a build): installs the packed package into a temporary
 * project and runs the portable checks (portable.mjs) and the fetch-handler example's checks
 * (fetch-handler.check.mjs, next to a copy of examples/fetch-handler/handler.ts) there under each
 * runtime, so each resolves the package exactly as an application would (conditions included). Then
 * it starts each runtime's launcher of that example from the repository root, as its README command
 * does, and signs up once over HTTP (launcher.ts). The deno and bun runtimes come from the
 * devDependencies of the same names. Ends with the total "N passed, M failed".
 */

interface Runtime {
  /** The command line that runs `script`; `typescript` when it imports .ts files. */
  run(script: string, typescript: boolean): string[];
  /** The README command that serves examples/fetch-handler on this runtime, from the repository root. */
  launcher: string[];
  /** The crypto backend its package.json "imports" condition must select. */
  backend: 'node' | 'webcrypto';
}

const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
// Node 20 cannot run TypeScript: tsx's loader, in the same process, for the scripts that import it.
const TSX_LOADER = import.meta.resolve('tsx/esm');
const RUNTIMES: Record<string, Runtime> = {
  node: {
    run: (script, typescript) => [process.execPath, ...(typescript ? ['--import', TSX_LOADER] : []), script],
    launcher: [bin('tsx'), 'examples/fetch-handler/node.ts'],
    backend: 'node',
  },
  deno: {
    run: (script) => [bin('deno'), 'run', '--allow-all', '--no-prompt', script],
    launcher: [bin('deno'), 'run', '--allow-net', '--allow-env=PORT', '--no-prompt', 'examples/fetch-handler/deno.ts'],
    backend: 'webcrypto',
  },
  bun: { run: (script) => [bin('bun'), script], launcher: [bin('bun'), 'examples/fetch-handler/bun.ts'], backend: 'node' },
};

const SCRIPTS = [
  { script: 'portable.mjs', typescript: false },
  { script: 'fetch-handler.check.mjs', typescript: true },
];

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(RUNTIMES);
for (const name of chosen) if (!RUNTIMES[name]) throw new Error(`unknown runtime ${name}; known: ${Object.keys(RUNTIMES).join(', ')}`);

function runIn(dir: string, name: string, runtime: Runtime, commandLine: string[]): Promise<{ passed: number; failed: number; code: number | null }> {
  const [command, ...args] = commandLine;
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, {
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

const project = await installPackedPackage([
  'test/runtimes/checks.mjs',
  'test/runtimes/portable.mjs',
  'test/runtimes/fetch-handler.check.mjs',
  'examples/fetch-handler/handler.ts',
]);
let passed = 0;
let failed = 0;
try {
  for (const name of chosen) {
    const runtime = RUNTIMES[name]!;
    for (const { script, typescript } of SCRIPTS) {
      const result = await runIn(project.dir, name, runtime, runtime.run(script, typescript));
      passed += result.passed;
      failed += result.failed + (result.code === 0 || result.failed > 0 ? 0 : 1);
    }
  }
} finally {
  project.remove();
}
for (const name of chosen) {
  const launcher = RUNTIMES[name]!.launcher;
  const title = `launcher ${launcher.find((arg) => arg.startsWith('examples/'))}`;
  try {
    console.log(`[${name}] ok - ${title}: ${await signUpThroughLauncher(launcher, ROOT)}`);
    passed++;
  } catch (error) {
    console.log(`[${name}] not ok - ${title}: ${(error as Error).message.replace(/\n/g, `\n[${name}]   `)}`);
    failed++;
  }
}
console.log(`runtimes: ${chosen.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
