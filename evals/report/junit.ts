import type { EvalResults } from '../types';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 forbids most control characters, which model output sometimes holds.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one testsuite per eval suite (and variant), one testcase per case attempt. */
export function toJUnit(results: EvalResults): string {
  const groups = new Map<string, typeof results.results>();
  for (const r of results.results) {
    const name = results.variants.length > 1 ? `${r.suite} [${r.variant}]` : r.suite;
    groups.set(name, [...(groups.get(name) ?? []), r]);
  }
  const suites = [...groups].map(([name, rs]) => {
    const failures = rs.filter((r) => r.status === 'failed').length;
    const errors = rs.filter((r) => r.status === 'error').length;
    const skipped = rs.filter((r) => r.status === 'skipped').length;
    const time = rs.reduce((s, r) => s + r.latencyMs, 0) / 1000;
    const cases = rs.map((r) => {
      const caseName = rs.some((x) => x.key === r.key && x.attempt !== r.attempt) ? `${r.caseId} (attempt ${r.attempt})` : r.caseId;
      const failed = r.assertions.filter((a) => !a.pass && !a.skipped);
      const body =
        r.status === 'error'
          ? `<error message="${esc(r.error ?? 'error')}"/>`
          : r.status === 'failed'
            ? `<failure message="${esc(failed.map((a) => `${a.type}: ${a.reason}`).join('; '))}">${esc(failed.map((a) => `${a.at} ${a.type}: ${a.reason}`).join('\n'))}</failure>`
            : r.status === 'skipped'
              ? `<skipped message="${esc(r.assertions.map((a) => a.reason).join('; '))}"/>`
              : '';
      return `    <testcase classname="${esc(name)}" name="${esc(caseName)}" time="${(r.latencyMs / 1000).toFixed(3)}">${body}</testcase>`;
    });
    return `  <testsuite name="${esc(name)}" tests="${rs.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="parley-evals">\n${suites.join('\n')}\n</testsuites>\n`;
}
