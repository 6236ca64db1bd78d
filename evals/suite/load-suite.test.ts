import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite, loadSuites, SuiteError } from './load-suite';

function suiteFile(text: string, name = 'suite.yaml', extra: Record<string, string> = {}): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'evals-suite-'));
  for (const [n, t] of Object.entries(extra)) writeFileSync(join(dir, n), t);
  const file = join(dir, name);
  writeFileSync(file, text);
  return { file, dir };
}

function problems(text: string, extra: Record<string, string> = {}): string[] {
  const { file, dir } = suiteFile(text, 'suite.yaml', extra);
  try {
    loadSuite(file, { cwd: dir });
  } catch (e) {
    if (e instanceof SuiteError) return e.problems;
    throw e;
  }
  throw new Error('expected the suite to be rejected');
}

describe('suite loader', () => {
  it('loads cases with vars, tags, shared assertions, fixture paths and locations', () => {
    const { file, dir } = suiteFile(
      `suite: shop
tags: [sql]
fixture: shop.sql
vars:
  region: Europe
assert:
  - type: no-error
cases:
  - id: by-region
    tags: [aggregate]
    question: Revenue in {{region}}?
    assert:
      - type: icontains
        value: "{{region}}"
  - id: follow-up
    datasource: demo
    vars: { region: Asia }
    turns: [Revenue by region, "only {{region}}"]
    assert:
      - type: tool-called
        name: query_data
        args: { question: "{{region}}" }
`,
      'suite.yaml',
      { 'shop.sql': 'CREATE TABLE t (x int);' },
    );
    const s = loadSuite(file, { cwd: dir });
    expect(s.name).toBe('shop');
    expect(s.cases[0]).toMatchObject({ id: 'by-region', tags: ['sql', 'aggregate'], turns: ['Revenue in Europe?'], fixture: join(dir, 'shop.sql') });
    expect(s.cases[0].assertions.map((a) => [a.type, a.at])).toEqual([
      ['no-error', 'suite.yaml:7'],
      ['icontains', 'suite.yaml:13'],
    ]);
    expect(s.cases[0].assertions[1].config).toEqual({ value: 'Europe' });
    expect(s.cases[1]).toMatchObject({ turns: ['Revenue by region', 'only Asia'], datasource: 'demo', fixture: undefined });
    expect(s.cases[1].assertions[1].config).toEqual({ name: 'query_data', args: { question: 'Asia' } });
  });

  it.each([
    ['malformed YAML', 'cases:\n  - id: a\n    question: "unterminated\n', /^suite\.yaml:[34]: malformed YAML: Missing closing "quote/],
    ['a tab-indented mapping', 'cases:\n\t- id: a\n', /^suite\.yaml:2: malformed YAML/],
    ['an unknown assertion type', 'cases:\n  - id: a\n    question: q\n    assert:\n      - type: containz\n        value: x\n', /^suite\.yaml:5: unknown assertion type "containz"; expected one of equals, not-equals, contains/],
    ['a missing assertion key', 'cases:\n  - id: a\n    question: q\n    assert:\n      - type: contains\n', /^suite\.yaml:5: `value` .*\(in a contains assertion\)/],
    ['an unknown assertion key', 'cases:\n  - id: a\n    question: q\n    assert:\n      - type: contains\n        value: x\n        vlaue: y\n', /^suite\.yaml:5: .*vlaue.*\(in a contains assertion\)/],
    ['a bad regex', 'cases:\n  - id: a\n    question: q\n    assert:\n      - type: regex\n        value: "(unclosed"\n', /^suite\.yaml:6: `value` is not a valid regular expression/],
    ['a missing fixture', 'fixture: nowhere.sql\ncases:\n  - id: a\n    question: q\n    assert: [{ type: no-error }]\n', /^suite\.yaml:1: fixture file nowhere\.sql does not exist/],
    ['a case fixture missing', 'cases:\n  - id: a\n    question: q\n    fixture: gone.sql\n    assert: [{ type: no-error }]\n', /^suite\.yaml:4: fixture file gone\.sql does not exist/],
    ['no question or turns', 'cases:\n  - id: a\n    assert: [{ type: no-error }]\n', /^suite\.yaml:2: give exactly one of `question` or `turns`/],
    ['a case without assertions', 'cases:\n  - id: a\n    question: q\n    assert: []\n', /^suite\.yaml:4: `assert` expects at least one assertion/],
    ['an unknown variable', 'cases:\n  - id: a\n    question: "{{nope}}"\n    assert: [{ type: no-error }]\n', /^suite\.yaml:2: \{\{nope\}\} has no value/],
    ['a duplicate case id', 'cases:\n  - id: a\n    question: q\n    assert: [{ type: no-error }]\n  - id: a\n    question: r\n    assert: [{ type: no-error }]\n', /^suite\.yaml:5: case id "a" is used twice \(first at suite\.yaml:2\)/],
    ['an unknown suite key', 'cases: []\ncasess: 1\n', /suite\.yaml:\d+: .*casess|expects at least one case/],
    ['a bad clock', 'now: yesterday\ncases:\n  - id: a\n    question: q\n    assert: [{ type: no-error }]\n', /^suite\.yaml:1: `now` expects an ISO time/],
  ])('reports %s with file:line', (_, text, expected) => {
    const p = problems(text);
    expect(p.some((x) => expected.test(x)), p.join('\n')).toBe(true);
  });

  it('reports every problem of every file at once', () => {
    const a = suiteFile('cases:\n  - id: a\n    question: q\n    assert:\n      - type: nope\n      - type: contains\n', 'a.yaml');
    const b = suiteFile('cases: [', 'b.yaml');
    try {
      loadSuites([a.file, b.file], { cwd: a.dir });
      throw new Error('expected a SuiteError');
    } catch (e) {
      expect(e).toBeInstanceOf(SuiteError);
      const p = (e as SuiteError).problems;
      expect(p).toHaveLength(3);
      expect(e).toHaveProperty('message', expect.stringMatching(/3 problems in the eval suites/));
    }
  });

  it('rejects two suites with the same name', () => {
    const text = 'suite: same\ncases:\n  - id: a\n    question: q\n    assert: [{ type: no-error }]\n';
    const a = suiteFile(text, 'a.yaml');
    const b = suiteFile(text, 'b.yaml');
    expect(() => loadSuites([a.file, b.file])).toThrow(/suite name "same" is also used/);
  });

  it('reports a missing suite file', () => {
    expect(() => loadSuite('/nonexistent/suite.yaml')).toThrow(/no such suite file/);
  });
});
