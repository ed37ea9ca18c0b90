import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
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

/**
 * The dependencies a module of the built package imports, by specifier: `eager` through static
 * imports (loaded with it), `lazy` only behind a dynamic import() somewhere on the way (loaded on
 * first use). Read from the built files, so it follows whatever the library imports.
 */
export async function dependenciesOf(specifier: string, cwd: string): Promise<{ eager: string[]; lazy: string[] }> {
  const result = await build({
    absWorkingDir: cwd,
    stdin: { contents: `import '${specifier}';`, resolveDir: cwd, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // A specifier that names another package (not ours) stays external: that is what we count.
    plugins: [
      {
        name: 'dependencies-external',
        setup(b) {
          b.onResolve({ filter: /^[^./#]/ }, (args) => (args.path === specifier ? undefined : { path: args.path, external: true }));
        },
      },
    ],
    // Not the root tsconfig: its "paths" would send #crypto-backend to a source file.
    tsconfig: 'bench/tsconfig.json',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  /** The packages reached from the entry through the given kinds of import. */
  const reached = (staticOnly: boolean) => {
    const packages = new Set<string>();
    const files = new Set<string>(['<stdin>']);
    for (const file of files) {
      for (const imported of inputs[file]!.imports) {
        if (staticOnly && imported.kind !== 'import-statement') continue;
        if (!imported.external) files.add(imported.path);
        else if (!imported.path.startsWith('node:')) packages.add(imported.path);
      }
    }
    return packages;
  };
  const eager = reached(true);
  return { eager: [...eager].sort(), lazy: [...reached(false)].filter((name) => !eager.has(name)).sort() };
}
