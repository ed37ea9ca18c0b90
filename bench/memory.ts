import { verifyAuthenticationResponse } from 'passkey-rp';
import { ORIGIN, RP_ID, signInPool } from './fixtures.js';

/**
 * Memory over many sign-ins (run by run.ts, compiled, in a child process with --expose-gc): verifies ES256
 * assertions from a pool of distinct credentials, and after every slice forces a full collection
 * and records the live heap. Prints one JSON line: { samples: [{ done, heapUsed, rss }] }.
 */

const total = Number(process.env.BENCH_MEMORY_OPS ?? 100_000);
const poolSize = Number(process.env.BENCH_POOL ?? 1000);
const slices = 10;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const pool = await signInPool(-7, poolSize);
const samples: { done: number; heapUsed: number; rss: number }[] = [];
const sample = (done: number) => {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  samples.push({ done, heapUsed, rss });
};

// One pass first, so that code compiled and caches filled on first use are in the baseline.
for (const input of pool) {
  await verifyAuthenticationResponse({ response: input.response, expectedChallenge: input.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: input.record });
}
sample(0);
for (let done = 0; done < total; ) {
  const end = done + total / slices;
  for (; done < end; done++) {
    const input = pool[done % poolSize]!;
    await verifyAuthenticationResponse({ response: input.response, expectedChallenge: input.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: input.record });
  }
  sample(done);
}
process.stdout.write(`${JSON.stringify({ samples })}\n`);
