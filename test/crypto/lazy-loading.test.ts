import { describe, expect, it } from 'vitest';
import { entryGraph } from '../helpers/eager-graph.js';

/**
 * @noble/curves serves only the curves a runtime's own crypto lacks, and loads on first use:
 * importing the main entry, with either crypto backend, must not load it.
 */
describe('@noble/curves loading', () => {
  it.each(['node', 'webcrypto'] as const)('src/index.ts with the %s backend reaches @noble/curves only through a dynamic import', async (backend) => {
    const { eager, all } = await entryGraph(backend);
    expect(eager).toContain(`src/crypto/${backend}.ts`);
    expect(eager).toContain('src/cose/key.ts');
    expect(eager.filter((input) => input.includes('node_modules/@noble/curves'))).toEqual([]);
    expect(all.some((input) => input.includes('node_modules/@noble/curves'))).toBe(true);
  });
});
