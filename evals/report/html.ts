import type { CaseResult, EvalResults, TurnTranscript } from '../types';
import type { BaselineChange } from './baseline';
import type { ComparisonRow } from './compare';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ms = (n: number) => `${Math.round(n)} ms`;
const signed = (n: number, digits = 0) => `${n > 0 ? '+' : ''}${n.toFixed(digits)}`;
const json = (v: unknown) => {
  const s = JSON.stringify(v, null, 2) ?? '';
  return s.length > 4000 ? `${s.slice(0, 4000)}\n… (${s.length - 4000} more characters)` : s;
};

function turnHtml(t: TurnTranscript, i: number): string {
  const tools = t.toolCalls
    .map(
      (c) => `<div class="tool"><b>${esc(c.name)}</b> ${c.ok === false ? '<span class="bad">failed</span>' : ''}<pre>${esc(json(c.input))}</pre>${c.summary ? `<div>${esc(c.summary)}</div>` : ''}${c.error ? `<div class="bad">${esc(c.error)}</div>` : ''}</div>`,
    )
    .join('');
  const sql = t.sql.map((s) => `<pre class="sql">${esc(s)}</pre>`).join('');
  const artifacts = t.artifacts.map((a) => `<details><summary>${esc(a.kind)} ${esc(a.title ?? '')}</summary><pre>${esc(json(a.data))}</pre></details>`).join('');
  return `<div class="turn"><div class="who">Turn ${i + 1} · ${esc(t.status)} · ${ms(t.latencyMs)} · ${t.usage.totalTokens} tokens${t.model ? ` · ${esc(t.model)}` : ''}</div>
<div class="user">${esc(t.user)}</div>${tools ? `<div class="label">Tool calls</div>${tools}` : ''}${sql ? `<div class="label">SQL</div>${sql}` : ''}${artifacts ? `<div class="label">Artifacts</div>${artifacts}` : ''}
<div class="assistant">${esc(t.text)}</div>${t.error ? `<div class="bad">${esc(t.error.code)}: ${esc(t.error.message)}</div>` : ''}</div>`;
}

function caseRow(r: CaseResult, change?: BaselineChange): string {
  const assertions = r.assertions
    .map((a) => `<li class="${a.skipped ? 'skip' : a.pass ? 'good' : 'bad'}">${a.skipped ? 'SKIPPED' : a.pass ? 'pass' : 'FAIL'} <b>${esc(a.type)}</b> — ${esc(a.reason)} <span class="at">${esc(a.at)}</span></li>`)
    .join('');
  const diff = change ? `${esc(change.before)} → ${esc(change.now)}${change.change !== 'same' ? ` <b>${esc(change.change)}</b>` : ''}` : '';
  const search = [r.key, r.variant, r.tags.join(' '), r.description ?? '', ...r.transcript.map((t) => t.user)].join(' ').toLowerCase();
  return `<tr class="case ${esc(r.status)}" data-status="${esc(r.status)}" data-change="${esc(change?.change ?? '')}" data-search="${esc(search)}">
<td>${esc(r.key)}${r.attempt > 1 ? ` <small>#${r.attempt}</small>` : ''}<div class="tags">${r.tags.map(esc).join(' ')}</div></td><td>${esc(r.variant)}</td>
<td class="st">${esc(r.status)}</td><td>${r.score.toFixed(2)}</td><td>${ms(r.latencyMs)}</td><td>${r.tokens.totalTokens}</td><td>${diff}</td></tr>
<tr class="detail" data-for="${esc(r.key)}"><td colspan="7"><details><summary>assertions and transcript</summary>
${r.error ? `<div class="bad">${esc(r.error)}</div>` : ''}<ul>${assertions}</ul>${r.transcript.map(turnHtml).join('')}</details></td></tr>`;
}

/** A self-contained HTML report: filterable table, baseline diffs, comparison, each case's transcript. */
export function toHtml(results: EvalResults, extra: { baseline?: BaselineChange[]; comparison?: ComparisonRow[]; gateReasons?: string[] } = {}): string {
  const changes = new Map((extra.baseline ?? []).map((c) => [c.key, c]));
  const summary = Object.entries(results.summary)
    .map(([v, s]) => `<span class="pill">${esc(v)}: ${s.passed}/${s.total - s.skipped} passed (${(s.passRate * 100).toFixed(1)}%), ${s.failed} failed, ${s.errored} errors, ${s.skipped} skipped</span>`)
    .join(' ');
  const variants = results.variants.map((v) => `${esc(v.id)} = ${esc(v.model)} ${Object.entries(v.prompts).map(([k, x]) => `${esc(k)}@${esc(x)}`).join(' ')}`).join(' · ');
  const comparison = extra.comparison?.length
    ? `<h2>Comparison: base vs candidate</h2><table><tr><th>case</th><th>base</th><th>candidate</th><th>Δ score</th><th>Δ latency</th><th>Δ tokens</th></tr>${extra.comparison
        .map((c) => `<tr class="${c.changed ? 'changed' : ''}"><td>${esc(c.key)}</td><td class="${esc(c.base.status)}">${esc(c.base.status)}</td><td class="${esc(c.candidate.status)}">${esc(c.candidate.status)}</td><td>${signed(c.scoreDelta, 2)}</td><td>${signed(c.latencyDelta)} ms</td><td>${signed(c.tokenDelta)}</td></tr>`)
        .join('')}</table>`
    : '';
  const flaky = results.flaky.length
    ? `<h2>Flaky cases</h2><ul>${results.flaky.map((f) => `<li>${esc(f.key)} [${esc(f.variant)}]: ${f.statuses.map(esc).join(', ')}</li>`).join('')}</ul>`
    : '';
  const gate = extra.gateReasons?.length ? `<div class="gate bad">${extra.gateReasons.map((r) => `<div>${esc(r)}</div>`).join('')}</div>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley evals ${esc(results.startedAt)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e6ec;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f9;position:sticky;top:0}.passed .st,td.passed{color:#17703a}.failed .st,td.failed,.bad{color:#b3261e}.error .st,td.error{color:#8a4b00}.skipped .st,td.skipped,.skip{color:#6b7280}
.changed{background:#fff4e5}tr.detail td{border-bottom:2px solid #e3e6ec;padding-top:0}pre{background:#f6f8fa;padding:.4rem;overflow:auto;max-height:20rem;margin:.2rem 0}
.turn{border-left:3px solid #c9d2e3;margin:.6rem 0;padding-left:.6rem}.user{font-weight:600}.assistant{white-space:pre-wrap;margin-top:.3rem}.label,.who,.at,.tags{color:#6b7280;font-size:12px}
.pill{display:inline-block;background:#eef1f6;border-radius:1rem;padding:.2rem .7rem;margin:.1rem}.filters{margin:1rem 0;display:flex;gap:.8rem;align-items:center}
.gate{border:1px solid #b3261e;padding:.5rem;margin:.5rem 0}
</style></head><body>
<h1>Parley evals</h1>
<div>${esc(results.startedAt)} → ${esc(results.finishedAt)} · mode ${esc(results.mode)} · ${variants}</div>
<div>${summary}</div>${gate}${comparison}${flaky}
<div class="filters"><input id="q" type="search" placeholder="filter by case, tag or question" size="40">
<select id="status"><option value="">every status</option><option>passed</option><option>failed</option><option>error</option><option>skipped</option></select>
<label><input id="changed" type="checkbox"> changed vs baseline only</label> <span id="count"></span></div>
<table id="cases"><thead><tr><th>case</th><th>variant</th><th>status</th><th>score</th><th>latency</th><th>tokens</th><th>vs baseline</th></tr></thead><tbody>
${results.results.map((r) => caseRow(r, r.variant === 'base' ? changes.get(r.key) : undefined)).join('\n')}
</tbody></table>
<script>
(function(){
  var q=document.getElementById('q'),st=document.getElementById('status'),ch=document.getElementById('changed'),count=document.getElementById('count');
  function apply(){
    var text=q.value.trim().toLowerCase(),s=st.value,only=ch.checked,shown=0;
    document.querySelectorAll('tr.case').forEach(function(row){
      var ok=(!text||row.dataset.search.indexOf(text)>=0)&&(!s||row.dataset.status===s)&&(!only||(row.dataset.change&&row.dataset.change!=='same'));
      row.style.display=ok?'':'none';row.nextElementSibling.style.display=ok?'':'none';if(ok)shown++;
    });
    count.textContent=shown+' shown';
  }
  [q,st,ch].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
  apply();
})();
</script>
</body></html>
`;
}
