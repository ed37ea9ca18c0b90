// The small harness the runtime checks share (portable.mjs, fetch-handler.check.mjs). They run
// under Node, Deno and Bun in a project where the packed package is installed, with no test
// framework: one line per check, then "N passed, M failed", which test/runtimes/run.ts parses.

export const runtime = globalThis.Deno
  ? `Deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `Bun ${globalThis.Bun.version}`
    : `Node ${process.versions.node}`;

let passed = 0;
let failed = 0;

export async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Prints the summary line; a failure makes the process exit with 1. */
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) {
    if (globalThis.Deno) globalThis.Deno.exit(1);
    else process.exitCode = 1;
  }
}
