/**
 * The shape of the code base, read from the sources (no database, no server): which top-level folder may
 * import which. Intended directions, most basic first:
 *
 *   tiles/domain  the shared vocabulary: imports nothing outside itself, and no package at all
 *   tiles         the layer registry and tile service: nothing from api, seed or web
 *   seed          the city generator: nothing from web
 *   api           the server: nothing from seed or web (not even types)
 *   web           the dashboard: api only through `import type` (the tRPC router's type and the like)
 *
 * and no cycle between the folders. Imports are found with regular expressions over the source (static
 * `import … from`, `export … from`, side-effect `import '…'` and dynamic `import('…')`), relative ones
 * resolved to the folder they land in.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const FOLDERS = { api: 'api', tiles: 'tiles', seed: 'seed', web: 'web/src' } as const;
type Folder = keyof typeof FOLDERS;

interface Import {
  /** The importing file, relative to the repository root. */
  file: string;
  line: number;
  specifier: string;
  /** `import type`, `export type`, every named specifier marked `type`, or `typeof import('…')`. */
  typeOnly: boolean;
  /** The imported path relative to the repository root; null for a package (or a `node:` builtin). */
  target: string | null;
  text: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules') out.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

/**
 * The source with comments blanked out (same length, newlines kept, so offsets still give line numbers).
 * Strings and template literals are skipped over; a `/` that can start a regular expression is taken as
 * one. Good enough for finding imports: they never hide inside a string or a regular expression.
 */
function blankComments(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  let lastSignificant = '';
  const templateDepth: number[] = [];
  let braceDepth = 0;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastSignificant = c;
      continue;
    }
    if (c === '`' || (c === '}' && templateDepth.length && templateDepth[templateDepth.length - 1] === braceDepth)) {
      if (c === '}') templateDepth.pop();
      // Inside a template literal: up to its end or to the next `${`.
      let j = i + 1;
      while (j < src.length && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1;
      if (src[j] === '$') {
        templateDepth.push(braceDepth);
        i = j + 2;
        lastSignificant = '{';
      } else {
        i = j + 1;
        lastSignificant = '`';
      }
      continue;
    }
    if (c === '/' && (lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant) || /\b(return|typeof|case|in|of)$/.test(src.slice(Math.max(0, i - 8), i).trimEnd()))) {
      // A regular expression literal: up to the closing `/` outside a character class.
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n') {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j++;
      }
      i = j + 1;
      lastSignificant = '/';
      continue;
    }
    if (c === '{') braceDepth++;
    if (c === '}') braceDepth--;
    if (!/\s/.test(c)) lastSignificant = /[\w$]/.test(c) ? 'a' : c;
    i++;
  }
  return out.join('');
}

const RESOLVE_EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function resolveRelative(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier.replace(/[?#].*$/, ''));
  // `./x.js` written for ESM resolution means `./x.ts`.
  const candidates = [...RESOLVE_EXTENSIONS.map((e) => base + e), base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx')];
  const found = candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
  return path.relative(ROOT, found ?? base).split(path.sep).join('/');
}

/** Named specifiers of an import clause all marked `type` (`import { type A, type B } from`). */
function allNamedTypeOnly(clause: string): boolean {
  const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!named) return false;
  const parts = named[1].split(',').map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((p) => /^type\s/.test(p));
}

function importsOf(absFile: string): Import[] {
  const src = blankComments(readFileSync(absFile, 'utf8'));
  const file = path.relative(ROOT, absFile).split(path.sep).join('/');
  const lineAt = (offset: number) => src.slice(0, offset).split('\n').length;
  const found: Import[] = [];
  const add = (offset: number, specifier: string, typeOnly: boolean, text: string) =>
    found.push({
      file,
      line: lineAt(offset),
      specifier,
      typeOnly,
      target: specifier.startsWith('.') ? resolveRelative(absFile, specifier) : null,
      text: text.replace(/\s+/g, ' ').trim(),
    });
  // import [type] <clause> from '…' (the clause may span lines: default, `* as x`, `{ a, type b }`).
  for (const m of src.matchAll(/(?<![\w$.])import\s+(type\s+)?([\w$\s,{}*]+?)\s*from\s*(['"])([^'"\n]+)\3/g)) {
    add(m.index, m[4], Boolean(m[1]) || allNamedTypeOnly(m[2]), m[0]);
  }
  // import '…' (side effects only).
  for (const m of src.matchAll(/(?<![\w$.])import\s*(['"])([^'"\n]+)\1/g)) add(m.index, m[2], false, m[0]);
  // export [type] * [as x] from '…' / export [type] { … } from '…'.
  for (const m of src.matchAll(/(?<![\w$.])export\s+(type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\3/g)) {
    add(m.index, m[4], Boolean(m[1]) || allNamedTypeOnly(m[2]), m[0]);
  }
  // import('…'): a value unless it is in a type position (`typeof import('…')`, `import('…').Name`).
  for (const m of src.matchAll(/(?<![\w$.])import\s*\(\s*(['"])([^'"\n]+)\1\s*\)(\s*\.\s*([\w$]+))?/g)) {
    const before = src.slice(Math.max(0, m.index - 12), m.index);
    const typePosition = /\btypeof\s*$/.test(before) || (m[4] !== undefined && !/^(then|catch|finally)$/.test(m[4]));
    add(m.index, m[2], typePosition, m[0]);
  }
  return found;
}

/** The top-level folder a repository path lies in, or null (tests, node_modules, config files). */
function folderOf(rel: string): Folder | null {
  for (const [folder, dir] of Object.entries(FOLDERS) as [Folder, string][]) if (rel === dir || rel.startsWith(`${dir}/`)) return folder;
  // `web/` outside `web/src` (index.html, public assets) still belongs to the dashboard.
  if (rel.startsWith('web/')) return 'web';
  return null;
}

const ALL: Import[] = (Object.values(FOLDERS) as string[]).flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap(importsOf);
const show = (i: Import) => `${i.file}:${i.line}: ${i.text}`;
const fromFolder = (folder: Folder) => ALL.filter((i) => folderOf(i.file) === folder);
const crossing = (from: Folder, to: Folder) => fromFolder(from).filter((i) => i.target !== null && folderOf(i.target) === to);

describe('the import scanner', () => {
  it('finds the imports of every folder, multi-line and type-only ones included', () => {
    for (const folder of Object.keys(FOLDERS) as Folder[]) expect(fromFolder(folder).length, `${folder} has imports`).toBeGreaterThan(0);
    // Known shapes, from the sources themselves.
    expect(ALL.some((i) => i.file === 'web/src/api.ts' && i.specifier === '../../api/root' && i.typeOnly)).toBe(true);
    expect(ALL.some((i) => i.file === 'tiles/domain/index.ts' && i.specifier === './cases' && !i.typeOnly)).toBe(true);
    expect(ALL.some((i) => i.file === 'tiles/tile-service.ts' && i.target === 'tiles/layers.ts')).toBe(true);
    expect(ALL.some((i) => i.file === 'api/db/database.ts' && i.specifier === '@electric-sql/pglite' && i.target === null)).toBe(true);
  });

  it('reads the import forms it claims to', () => {
    const probe = (text: string) => {
      const src = blankComments(text);
      const hits: string[] = [];
      for (const m of src.matchAll(/(?<![\w$.])import\s+(type\s+)?([\w$\s,{}*]+?)\s*from\s*(['"])([^'"\n]+)\3/g)) hits.push(`${m[4]}${m[1] || allNamedTypeOnly(m[2]) ? ':type' : ''}`);
      for (const m of src.matchAll(/(?<![\w$.])import\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g)) hits.push(`${m[2]}:dynamic`);
      return hits;
    };
    expect(probe(`import {\n  a,\n  b,\n} from '../x';\nimport type { C } from "../y";\nimport { type D, type E } from '../z';\nimport { type F, g } from '../w';`)).toEqual([
      '../x',
      '../y:type',
      '../z:type',
      '../w',
    ]);
    expect(probe(`// import { a } from '../commented'\n/* import('../also-commented') */\nconst s = '// not a comment'; const m = await import('../dynamic');`)).toEqual(['../dynamic:dynamic']);
    expect(probe("const r = /['\"]/g; const t = `${'`'}import x from 'y'`;\nimport z from '../after-regex';")).toContain('../after-regex');
  });
});

describe('the folder graph', () => {
  it('has no import cycle between api, tiles, seed and web', () => {
    // One edge per folder pair, with the first import that makes it.
    const edges = new Map<string, Import>();
    for (const i of ALL) {
      const from = folderOf(i.file);
      const to = i.target === null ? null : folderOf(i.target);
      if (from && to && from !== to && !edges.has(`${from}>${to}`)) edges.set(`${from}>${to}`, i);
    }
    const next = (f: Folder) => (Object.keys(FOLDERS) as Folder[]).filter((t) => edges.has(`${f}>${t}`));
    // Every elementary cycle, each reported once (starting from its smallest folder).
    const cycles: string[] = [];
    const order = Object.keys(FOLDERS) as Folder[];
    const walk = (start: Folder, at: Folder, trail: Folder[]) => {
      for (const to of next(at)) {
        if (to === start) {
          const hops = [...trail, start].map((f, k, all) => (k === 0 ? null : edges.get(`${all[k - 1]}>${f}`)!)).filter(Boolean) as Import[];
          cycles.push(`${[...trail, start].join(' → ')}\n${hops.map((h) => `    ${show(h)}`).join('\n')}`);
        } else if (!trail.includes(to) && order.indexOf(to) > order.indexOf(start)) walk(start, to, [...trail, to]);
      }
    };
    for (const start of order) walk(start, start, [start]);
    expect(cycles, `import cycles between top-level folders (the last import listed closes each):\n${cycles.join('\n')}`).toEqual([]);
  });

  it('tiles/domain imports nothing outside tiles/domain and no package: it is dependency-free', () => {
    const bad = ALL.filter((i) => i.file.startsWith('tiles/domain/') && (i.target === null || !i.target.startsWith('tiles/domain/')));
    expect(bad.map(show)).toEqual([]);
  });

  it('tiles imports nothing from api, seed or web', () => {
    const bad = (['api', 'seed', 'web'] as Folder[]).flatMap((to) => crossing('tiles', to));
    expect(bad.map(show)).toEqual([]);
  });

  it('api imports nothing from seed or web, not even types', () => {
    const bad = (['seed', 'web'] as Folder[]).flatMap((to) => crossing('api', to));
    expect(bad.map(show)).toEqual([]);
  });

  it('seed imports nothing from web', () => {
    expect(crossing('seed', 'web').map(show)).toEqual([]);
  });

  it('web imports api only with `import type` (the router type: no server code in the bundle)', () => {
    const webToApi = crossing('web', 'api');
    // The dashboard does use the router's type; an empty list would mean the scanner lost it.
    expect(webToApi.filter((i) => i.target === 'api/root.ts').length).toBeGreaterThan(0);
    expect(webToApi.filter((i) => !i.typeOnly).map(show)).toEqual([]);
  });
});
