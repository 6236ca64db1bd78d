import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ASSERTIONS } from '../assertions/registry';
import type { LoadedAssertion, LoadedCase, LoadedSuite } from './loaded';
import { caseSchema, suiteSchema, type RawCase } from './schema';

/** Everything wrong with the suites, each problem as `file:line: what is wrong (what was expected)`. */
export class SuiteError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the eval suites:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SuiteError';
    this.problems = problems;
  }
}

type Path = (string | number)[];

class Located {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly file: string,
  ) {}

  /** file:line of the deepest node on `path` that exists. */
  at(path: Path): string {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return `${this.file}:${this.lines.linePos(node.range[0]).line}`;
    }
    return `${this.file}:1`;
  }
}

function zodProblems(error: z.ZodError, base: Path, loc: Located): string[] {
  return error.issues.map((i) => {
    const path = [...base, ...(i.path as Path)];
    const key = i.path.length ? ` \`${i.path.join('.')}\`` : '';
    const extra = i.code === 'unrecognized_keys' ? ` (${(i as { keys?: string[] }).keys?.join(', ')})` : '';
    return `${loc.at(path)}:${key} ${i.message}${extra}`;
  });
}

const VAR = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** Fills `{{name}}` in every string of a value; unknown names are collected, not left blank. */
function fill(value: unknown, vars: Record<string, unknown>, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(VAR, (whole, name: string) => {
      if (!(name in vars)) {
        missing.add(name);
        return whole;
      }
      return String(vars[name]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars, missing));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars, missing)]));
  return value;
}

function loadAssertion(raw: { type: string } & Record<string, unknown>, path: Path, loc: Located, problems: string[]): LoadedAssertion | null {
  const def = ASSERTIONS.get(raw.type);
  if (!def) {
    problems.push(`${loc.at([...path, 'type'])}: unknown assertion type "${raw.type}"; expected one of ${[...ASSERTIONS.keys()].join(', ')}`);
    return null;
  }
  const { type: _type, ...rest } = raw;
  const schema = def.config instanceof z.ZodObject ? def.config.strict() : def.config;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, path, loc).map((p) => `${p} (in a ${raw.type} assertion)`));
    return null;
  }
  return { type: raw.type, config: parsed.data, at: loc.at(path) };
}

/** Reads one suite file; throws a SuiteError listing every problem with its file:line. */
export function loadSuite(file: string, opts: { cwd?: string } = {}): LoadedSuite {
  const abs = resolve(file);
  const shown = relative(opts.cwd ?? process.cwd(), abs) || abs;
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new SuiteError([`${shown}: no such suite file`]);
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(abs, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const loc = new Located(doc, lines, shown);
  if (doc.errors.length) {
    throw new SuiteError(doc.errors.map((e) => `${shown}:${lines.linePos(e.pos[0]).line}: malformed YAML: ${e.message.split('\n')[0]}`));
  }
  const top = suiteSchema.safeParse(doc.toJS());
  if (!top.success) throw new SuiteError(zodProblems(top.error, [], loc));
  const s = top.data;
  const problems: string[] = [];
  const here = dirname(abs);
  const fixturePath = (f: string, path: Path) => {
    const p = resolve(here, f);
    if (!existsSync(p)) problems.push(`${loc.at(path)}: fixture file ${f} does not exist (looked for ${relative(opts.cwd ?? process.cwd(), p)}); expected a .sql file beside the suite`);
    return p;
  };
  const suiteFixture = s.fixture ? fixturePath(s.fixture, ['fixture']) : undefined;
  const filePaths = (fs: string[] | undefined, path: Path) =>
    (fs ?? []).map((f, i) => {
      const p = resolve(here, f);
      if (!existsSync(p)) problems.push(`${loc.at([...path, i])}: file ${f} does not exist (looked for ${relative(opts.cwd ?? process.cwd(), p)}); expected a path relative to the suite`);
      return p;
    });
  const suiteFiles = filePaths(s.files, ['files']);
  const shared: LoadedAssertion[] = [];
  (s.assert ?? []).forEach((a, i) => {
    const l = loadAssertion(fill(a, s.vars ?? {}, new Set()) as typeof a, ['assert', i], loc, problems);
    if (l) shared.push(l);
  });

  const cases: LoadedCase[] = [];
  const ids = new Map<string, string>();
  s.cases.forEach((rawCase, ci) => {
    const parsed = caseSchema.safeParse(rawCase);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, ['cases', ci], loc));
      return;
    }
    const c: RawCase = parsed.data;
    if (ids.has(c.id)) problems.push(`${loc.at(['cases', ci, 'id'])}: case id "${c.id}" is used twice (first at ${ids.get(c.id)}); ids must be unique in a suite`);
    ids.set(c.id, loc.at(['cases', ci, 'id']));
    const files = c.files ? filePaths(c.files, ['cases', ci, 'files']) : suiteFiles;
    const vars = { ...s.vars, ...Object.fromEntries(files.map((f, i) => [`file${i + 1}`, f])), ...c.vars };
    const missing = new Set<string>();
    const turns = (c.turns ?? [c.question!]).map((t) => fill(t, vars, missing) as string);
    const assertions: LoadedAssertion[] = [...shared];
    c.assert.forEach((a, ai) => {
      const l = loadAssertion(fill(a, vars, missing) as typeof a, ['cases', ci, 'assert', ai], loc, problems);
      if (l) assertions.push(l);
    });
    for (const m of missing) problems.push(`${loc.at(['cases', ci])}: {{${m}}} has no value; expected it under the case's or the suite's \`vars\``);
    const fixture = c.fixture ? fixturePath(c.fixture, ['cases', ci, 'fixture']) : c.datasource ? undefined : suiteFixture;
    cases.push({
      id: c.id,
      description: c.description,
      tags: [...new Set([...(s.tags ?? []), ...(c.tags ?? [])])],
      turns,
      datasource: c.datasource ?? (c.fixture ? undefined : s.datasource),
      fixture,
      workspace: c.workspace ?? s.workspace,
      files,
      assertions,
      at: loc.at(['cases', ci]),
    });
  });
  if (problems.length) throw new SuiteError(problems);
  return {
    name: s.suite ?? basename(abs).replace(/\.ya?ml$/i, ''),
    file: shown,
    description: s.description,
    tags: s.tags ?? [],
    requires: { tools: s.requires?.tools ?? [] },
    now: s.now,
    cases,
    locations: { requires: loc.at(['requires']), datasource: loc.at(['datasource']), fixture: loc.at(['fixture']) },
  };
}

/** Loads several suites, collecting every file's problems into one SuiteError. */
export function loadSuites(files: string[], opts: { cwd?: string } = {}): LoadedSuite[] {
  const problems: string[] = [];
  const suites: LoadedSuite[] = [];
  for (const f of files) {
    try {
      suites.push(loadSuite(f, opts));
    } catch (e) {
      if (e instanceof SuiteError) problems.push(...e.problems);
      else throw e;
    }
  }
  const names = new Map<string, string>();
  for (const s of suites) {
    if (names.has(s.name)) problems.push(`${s.file}:1: suite name "${s.name}" is also used by ${names.get(s.name)}; names must be unique (results are keyed suite/case)`);
    names.set(s.name, s.file);
  }
  if (problems.length) throw new SuiteError(problems);
  return suites;
}
