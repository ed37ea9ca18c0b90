import { describe, expect, it } from 'vitest';
import { entryGraph } from '../helpers/eager-graph.js';

/**
 * The Public Suffix List (tldts, the largest dependency) is needed only by the configuration-time
 * checks, which load it on first use: importing the main entry must not load it.
 */
describe('Public Suffix List loading', () => {
  it('src/index.ts reaches tldts only through a dynamic import', async () => {
    const { eager, all } = await entryGraph('node');
    expect(eager).toContain('src/origins/domain.ts');
    expect(eager.filter((i) => i.includes('node_modules/tldts'))).toEqual([]);
    expect(all.some((i) => i.includes('node_modules/tldts'))).toBe(true);
  });
});
