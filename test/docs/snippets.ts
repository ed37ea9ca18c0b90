import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BETTER_SQLITE3_TYPES, PRELUDE, PROVIDERS_JSON } from './prelude.js';

/**
 * The README's TypeScript blocks as one TypeScript program. TypeScript 7's `typescript` package
 * exports only `version` (its compiler API is the IPC-based `typescript/unstable/*`), so the
 * program is a generated project in a temporary directory, checked by one run of its `tsc`.
 *
 * - Every ```ts block is its own ES module (`export {}` is appended), so blocks never see each
 *   other's names.
 * - A block with no `import` of its own is a fragment that continues its section: it gets an
 *   import of the `passkey-rp` exports it mentions. A block that imports must import all it uses.
 * - The prelude (./prelude.ts) declares, as globals, what the README leaves to the application:
 *   `app`, `db`, `currentUser`, `rp`...
 * - `<!-- snippet: no-check -->` on the line before a fence (blank lines between are allowed)
 *   leaves that block out: only for fragments that cannot stand alone, such as abridged output.
 * - `passkey-rp` resolves through a symlink to this repository, so to the built `dist/*.d.ts`,
 *   exactly as an installed package's types resolve (`npm run build` first).
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NO_CHECK = /^\s*<!--\s*snippet:\s*no-check\b[\s\S]*-->\s*$/;

export interface Snippet {
  /** 1-based README line of the block's first code line. */
  line: number;
  /** Columns of indentation removed from each line (blocks inside list items). */
  indent: number;
  /** The `## ` section and, when there is one, the `### ` subsection the block is under. */
  section: string;
  subsection: string | undefined;
  code: string;
  checked: boolean;
}

/** Every ```ts block of a Markdown text, with where it is and whether it is marked no-check. */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  let section = '';
  let subsection: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (open === null) {
      const heading = /^(#{2,3}) (.+)$/.exec(lines[i]!);
      if (heading?.[1] === '##') [section, subsection] = [heading[2]!, undefined];
      else if (heading?.[1] === '###') subsection = heading[2]!;
      continue;
    }
    const [, indent, fence, language] = open as unknown as [string, string, string, string];
    const close = new RegExp(`^\\s*${fence}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    if (language === 'ts' || language === 'typescript') {
      let previous = i - 1;
      while (previous >= 0 && lines[previous]!.trim() === '') previous--;
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
      snippets.push({
        line: i + 2,
        indent: indent.length,
        section,
        subsection,
        code: body.join('\n'),
        checked: !(previous >= 0 && NO_CHECK.test(lines[previous]!)),
      });
    }
    i = end;
  }
  return snippets;
}

/** Whether a block has an import declaration of its own. */
function hasImport(code: string): boolean {
  return /^\s*import\s[\s\S]*?\sfrom\s+['"]|^\s*import\s+['"]/m.test(code);
}

/** The import a fragment gets: the `passkey-rp` exports it mentions. */
function fragmentImport(code: string, exportNames: readonly string[]): string | undefined {
  const used = exportNames.filter((name) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code));
  return used.length === 0 ? undefined : `import { ${used.join(', ')} } from 'passkey-rp';`;
}

export interface Diagnostic {
  /** `README.md:line:column (section)`, or the generated file when the error is outside a block. */
  where: string;
  code: string;
  message: string;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** The generated files, by name, for the canary check and for debugging. */
  files: string[];
}

interface Generated {
  name: string;
  snippet?: Snippet;
  /** Lines the harness put before the block's first line. */
  header: number;
}

const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  resolveJsonModule: true,
};

/**
 * Writes the project (prelude, canary, one module per checked block), runs tsc once and maps
 * each diagnostic back to its README line. `extraFiles` adds modules of your own (tests use it).
 */
export async function checkSnippets(
  snippets: readonly Snippet[],
  exportNames: readonly string[],
  extraFiles: Readonly<Record<string, string>> = {},
): Promise<CheckResult> {
  const dir = mkdtempSync(join(tmpdir(), 'passkey-rp-readme-'));
  try {
    const modules = join(dir, 'node_modules');
    mkdirSync(join(modules, '@types'), { recursive: true });
    symlinkSync(ROOT, join(modules, 'passkey-rp'), 'junction');
    symlinkSync(join(ROOT, 'node_modules/hono'), join(modules, 'hono'), 'junction');
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(modules, '@types/node'), 'junction');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-snippets', private: true, type: 'module' }));
    writeFileSync(join(dir, 'prelude.ts'), PRELUDE);
    writeFileSync(join(dir, 'better-sqlite3.d.ts'), BETTER_SQLITE3_TYPES);
    writeFileSync(join(dir, 'combined_aaguid.json'), PROVIDERS_JSON);

    const generated: Generated[] = [
      { name: 'prelude.ts', header: 0 },
      { name: 'better-sqlite3.d.ts', header: 0 },
    ];
    for (const [name, text] of Object.entries(extraFiles)) {
      writeFileSync(join(dir, name), text);
      generated.push({ name, header: 0 });
    }
    snippets.forEach((snippet, index) => {
      if (!snippet.checked) return;
      const name = `readme-${String(index + 1).padStart(2, '0')}.ts`;
      const header = hasImport(snippet.code) ? undefined : fragmentImport(snippet.code, exportNames);
      writeFileSync(join(dir, name), `${header === undefined ? '' : `${header}\n`}${snippet.code}\nexport {};\n`);
      generated.push({ name, snippet, header: header === undefined ? 0 : 1 });
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: generated.map((g) => g.name) }, null, 2),
    );

    const output = await runTsc(dir);
    return { diagnostics: parseDiagnostics(output, generated), files: generated.map((g) => g.name) };
  } finally {
    // README_SNIPPETS_KEEP=1 keeps the generated project, to open it in an editor.
    if (process.env.README_SNIPPETS_KEEP) console.log(`README snippet project kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function runTsc(dir: string): Promise<string> {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
      cwd: dir,
      maxBuffer: 1 << 24,
    });
    return stdout;
  } catch (error) {
    // tsc exits non-zero when it reports errors; anything without output is a failure to run.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if (!stdout) throw new Error(`tsc did not run: ${stderr ?? String(error)}`, { cause: error });
    return stdout;
  }
}

function parseDiagnostics(output: string, generated: readonly Generated[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const located = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    const global = /^error (TS\d+): (.*)$/.exec(line);
    if (located !== null) {
      const [, file, row, column, code, message] = located as unknown as [string, string, string, string, string, string];
      diagnostics.push({ where: locate(file, Number(row), Number(column), generated), code, message });
    } else if (global !== null) {
      diagnostics.push({ where: 'tsconfig', code: global[1]!, message: global[2]! });
    } else if (diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1]!.message += `\n${line}`;
    } else {
      diagnostics.push({ where: 'tsc', code: '', message: line });
    }
  }
  return diagnostics;
}

function locate(file: string, row: number, column: number, generated: readonly Generated[]): string {
  const entry = generated.find((g) => g.name === file);
  const snippet = entry?.snippet;
  if (entry === undefined || snippet === undefined) return `${file}:${row}:${column}`;
  const where = snippet.subsection === undefined ? snippet.section : `${snippet.section} > ${snippet.subsection}`;
  if (row <= entry.header) return `README.md:${snippet.line}:1 (${where}, the import added for the fragment)`;
  return `README.md:${snippet.line + row - entry.header - 1}:${column + snippet.indent} (${where})`;
}

/** One diagnostic per line, for a readable assertion failure. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.where}: ${d.code} ${d.message}`);
}
