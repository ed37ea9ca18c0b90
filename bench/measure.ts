/** Throughput measurement: one operation at a time, cycling through a pool of inputs. */

export type Operation = (index: number) => unknown;

/** Runs `op` over inputs 0..poolSize-1 in turn for about `ms` milliseconds; returns operations per second. */
export async function opsPerSecond(op: Operation, poolSize: number, ms: number, start = 0): Promise<number> {
  let i = start % poolSize;
  let count = 0;
  const begin = performance.now();
  const deadline = begin + ms;
  for (;;) {
    for (let k = 0; k < 16; k++) {
      const result = op(i);
      if (result instanceof Promise) await result;
      i = i + 1 === poolSize ? 0 : i + 1;
    }
    count += 16;
    const now = performance.now();
    if (now >= deadline) return (count * 1000) / (now - begin);
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Measures several competitors on the same inputs, interleaved round by round so that a change in
 * the machine's load hits all of them alike; returns the median ops/s of each.
 */
export async function compare(ops: readonly Operation[], poolSize: number, ms: number, rounds: number): Promise<number[]> {
  const results: number[][] = ops.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let o = 0; o < ops.length; o++) results[o]!.push(await opsPerSecond(ops[o]!, poolSize, ms, r * 97));
  }
  return results.map(median);
}
