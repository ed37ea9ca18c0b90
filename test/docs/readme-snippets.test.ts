import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSnippets, extractSnippets, formatDiagnostics, ROOT, type CheckResult, type Snippet } from './snippets.js';

/**
 * Every ```ts block of README.md type-checks under `strict` against the built package's types,
 * all in one TypeScript program (how the blocks become that program: ./snippets.ts).
 */

/** Sections whose every block must be checked: no `<!-- snippet: no-check -->` there. */
const FULLY_CHECKED = ['Quick start', 'Challenges', 'Managing passkeys'];

// It fails in the snippet program when the package's types do not resolve (an `any` would make
// the expected error disappear, and an unused @ts-expect-error is itself an error).
const CANARY = `import { generateAuthenticationOptions } from 'passkey-rp';
// @ts-expect-error rpID is a string
generateAuthenticationOptions({ rpID: 42 });
export {};
`;

let snippets: Snippet[];
let result: CheckResult;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.d.ts'))) throw new Error('dist/ is missing: run `npm run build` first');
  snippets = extractSnippets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const exportNames = Object.keys(await import(pathToFileURL(join(ROOT, 'dist/index.js')).href));
  result = await checkSnippets(snippets, exportNames, { 'canary.ts': CANARY });
});

describe('README.md TypeScript blocks', () => {
  it('every checked block compiles under strict against dist/*.d.ts', () => {
    expect(formatDiagnostics(result.diagnostics)).toEqual([]);
  });

  it('the program holds the canary and every block not marked no-check', () => {
    expect(result.files).toContain('canary.ts');
    const checked = snippets.filter((s) => s.checked);
    expect(result.files.filter((f) => f.startsWith('readme-'))).toHaveLength(checked.length);
    expect(checked.length).toBeGreaterThan(20);
  });

  it(`leaves no block of ${FULLY_CHECKED.join(', ')} unchecked`, () => {
    const sections = new Set(snippets.map((s) => s.section));
    for (const section of FULLY_CHECKED) expect(sections).toContain(section);
    const unchecked = snippets.filter((s) => !s.checked && FULLY_CHECKED.includes(s.section)).map((s) => `README.md:${s.line}`);
    expect(unchecked).toEqual([]);
  });
});

describe('the snippet harness', () => {
  it('maps an error in a block to its README line, indented blocks included', async () => {
    const markdown = [
      '## Broken',
      '',
      '- a list item:',
      '',
      '  ```ts',
      "  import { generateAuthenticationOptions } from 'passkey-rp';",
      "  generateAuthenticationOptions({ rpID: 'example.com', timeout: 'soon' });",
      '  ```',
      '',
      '<!-- snippet: no-check -->',
      '```ts',
      'this is not TypeScript',
      '```',
    ].join('\n');
    const blocks = extractSnippets(markdown);
    expect(blocks.map((b) => [b.line, b.checked])).toEqual([
      [6, true],
      [12, false],
    ]);
    const { diagnostics } = await checkSnippets(blocks, []);
    expect(diagnostics.map((d) => [d.where, d.code])).toEqual([['README.md:7:56 (Broken)', 'TS2322']]);
  });

  it('gives an import-less fragment the passkey-rp exports it names, and nothing else', async () => {
    const markdown = ['## Fragment', '', '```ts', "const options = generateAuthenticationOptions({ rpID: 'example.com' });", 'options.challenge satisfies number;', '```'].join('\n');
    const { diagnostics } = await checkSnippets(extractSnippets(markdown), ['generateAuthenticationOptions', 'unused']);
    expect(diagnostics.map((d) => [d.where, d.code])).toEqual([['README.md:5:19 (Fragment)', 'TS1360']]);
  });
});
