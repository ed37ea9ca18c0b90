import { execFileSync } from 'node:child_process';
import { median } from './measure.js';

/**
 * Cold import time: a fresh Node process per run imports a module once and reports how long the
 * import took (process start-up excluded). Specifiers resolve from `cwd`, where the package can
 * import itself by name. With `after`, those modules are imported first and only the last
 * import is timed: what a module's own code costs once its dependencies are loaded.
 */
const SCRIPT = `
const [specifier, ...after] = JSON.parse(process.argv[1]);
for (const module of after) await import(module);
const t = performance.now();
await import(specifier);
process.stdout.write(String(performance.now() - t));`;

function once(specifier: string, after: readonly string[], cwd: string): number {
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify([specifier, ...after])], { cwd, encoding: 'utf8' }));
}

export interface ImportCase {
  label: string;
  specifier: string;
  after?: readonly string[];
}

/** Median import time in ms of each case over `runs` fresh processes, runs interleaved. */
export function coldImports(cases: readonly ImportCase[], cwd: string, runs: number): Map<string, number> {
  const times = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  for (const c of cases) once(c.specifier, c.after ?? [], cwd); // fill the file system cache first
  for (let r = 0; r < runs; r++) for (const c of cases) times.get(c.label)!.push(once(c.specifier, c.after ?? [], cwd));
  return new Map([...times].map(([label, t]) => [label, median(t)]));
}
