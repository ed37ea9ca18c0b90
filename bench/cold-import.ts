import { execFileSync } from 'node:child_process';
import { median } from './measure.js';

/**
 * Cold import time: a fresh Node process per run imports `specifier` once and reports how long the
 * import took (process start-up excluded). Specifiers resolve from `cwd`, where the package can
 * import itself by name.
 */
const SCRIPT = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

function once(specifier: string, cwd: string): number {
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT, specifier], { cwd, encoding: 'utf8' }));
}

/** Median import time in ms of each specifier over `runs` fresh processes, runs interleaved. */
export function coldImports(specifiers: readonly string[], cwd: string, runs: number): Map<string, number> {
  const times = new Map<string, number[]>(specifiers.map((s) => [s, []]));
  for (const s of specifiers) once(s, cwd); // fill the file system cache first
  for (let r = 0; r < runs; r++) for (const s of specifiers) times.get(s)!.push(once(s, cwd));
  return new Map([...times].map(([s, t]) => [s, median(t)]));
}
