import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { ARTIFACT_KINDS } from '../../tools/types';
import { defineAssertion, fail, pass } from './types';
import { clip, describeTurn, selectTurns, turnOption } from './target';

/** True when every key of `expected` is in `actual` with a matching value (strings ignore case). */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'string') return actual.toLowerCase() === expected.toLowerCase();
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesSubset(actual[i], e));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => matchesSubset((actual as Record<string, unknown>)[k], v));
  }
  return isDeepStrictEqual(actual, expected);
}

export const toolCalled = defineAssertion({
  type: 'tool-called',
  description: 'The agent called tool `name`; with `args`, one call whose input contains those values.',
  config: z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional(), turn: turnOption }),
  negatable: true,
  handle({ config, output }) {
    const calls = selectTurns(output, config.turn).flatMap((t) => t.toolCalls);
    const named = calls.filter((c) => c.name === config.name);
    const where = describeTurn(config.turn);
    if (!named.length) {
      return fail(`${where} did not call ${config.name}; calls: ${calls.map((c) => c.name).join(', ') || 'none'}`);
    }
    if (!config.args) return pass(`${where} called ${config.name}`);
    return named.some((c) => matchesSubset(c.input, config.args))
      ? pass(`${where} called ${config.name} with ${clip(JSON.stringify(config.args), 80)}`)
      : fail(`${where} called ${config.name}, but never with ${clip(JSON.stringify(config.args), 80)}; inputs: ${clip(named.map((c) => JSON.stringify(c.input)).join(' | '))}`);
  },
});

export const toolSequence = defineAssertion({
  type: 'tool-sequence',
  description: 'The tools were called in this order (`sequence`); other calls may come between unless `exact: true`.',
  config: z.object({ sequence: z.array(z.string().min(1)).min(1), exact: z.boolean().optional(), turn: z.union([turnOption, z.undefined()]) }),
  handle({ config, output }) {
    const names = selectTurns(output, config.turn ?? 'all').flatMap((t) => t.toolCalls.map((c) => c.name));
    const seen = names.join(' → ') || 'no tool calls';
    if (config.exact) {
      return isDeepStrictEqual(names, config.sequence) ? pass(`exact sequence ${seen}`) : fail(`sequence was ${seen}, expected exactly ${config.sequence.join(' → ')}`);
    }
    let i = 0;
    for (const n of names) if (n === config.sequence[i]) i++;
    return i === config.sequence.length
      ? pass(`${config.sequence.join(' → ')} appears in order in ${seen}`)
      : fail(`expected ${config.sequence.join(' → ')} in order; got ${seen} (matched ${i} of ${config.sequence.length})`, i / config.sequence.length);
  },
});

export const artifactKind = defineAssertion({
  type: 'artifact-kind',
  description: 'The answer produced an artifact of `kind` (table, chart, forecast, campaign, file).',
  config: z.object({ kind: z.enum(ARTIFACT_KINDS), turn: turnOption }),
  negatable: true,
  handle({ config, output }) {
    const kinds = selectTurns(output, config.turn).flatMap((t) => t.artifacts.map((a) => a.kind));
    return kinds.includes(config.kind)
      ? pass(`${describeTurn(config.turn)} produced a ${config.kind}`)
      : fail(`${describeTurn(config.turn)} produced no ${config.kind}; artifacts: ${kinds.join(', ') || 'none'}`);
  },
});

const CHART_TYPES = ['line', 'area', 'bar', 'donut', 'scatter', 'kpi'] as const;

export const chartType = defineAssertion({
  type: 'chart-type',
  description: 'The last chart of the turn is of `chartType` (line, area, bar, donut, scatter, kpi), or one of a list.',
  config: z.object({ chartType: z.union([z.enum(CHART_TYPES), z.array(z.enum(CHART_TYPES)).min(1)]), turn: turnOption }),
  negatable: true,
  handle({ config, output }) {
    const charts = selectTurns(output, config.turn).flatMap((t) => t.artifacts.filter((a) => a.kind === 'chart'));
    const allowed = Array.isArray(config.chartType) ? config.chartType : [config.chartType];
    const last = charts.at(-1)?.data as { chartType?: string } | undefined;
    if (!last) return fail(`${describeTurn(config.turn)} produced no chart`);
    return allowed.includes(last.chartType as (typeof CHART_TYPES)[number])
      ? pass(`chart is a ${last.chartType}`)
      : fail(`chart is a ${last.chartType ?? '(no chartType)'}, expected ${allowed.join(' or ')}`);
  },
});

export const noError = defineAssertion({
  type: 'no-error',
  description: 'No turn ended in run:error or was cancelled; with `tools: true`, every tool call succeeded too.',
  config: z.object({ tools: z.boolean().optional() }),
  handle({ config, output }) {
    const bad = output.turns.find((t) => t.status !== 'completed');
    if (bad) return fail(`turn ${output.turns.indexOf(bad) + 1} ended ${bad.status}${bad.error ? `: ${bad.error.code} ${bad.error.message}` : ''}`);
    if (config.tools) {
      const failed = output.turns.flatMap((t) => t.toolCalls).filter((c) => c.ok === false);
      if (failed.length) return fail(`tool calls failed: ${failed.map((c) => `${c.name} (${clip(c.error ?? '', 80)})`).join('; ')}`);
    }
    return pass('every turn completed');
  },
});

export const latencyMs = defineAssertion({
  type: 'latency-ms',
  description: 'The whole case (all turns) answered within `max` milliseconds.',
  config: z.object({ max: z.number().positive() }),
  handle({ config, output }) {
    const ms = output.turns.reduce((s, t) => s + t.latencyMs, 0);
    return ms <= config.max ? pass(`${Math.round(ms)} ms ≤ ${config.max} ms`) : fail(`${Math.round(ms)} ms > ${config.max} ms`, config.max / ms);
  },
});

export const tokens = defineAssertion({
  type: 'tokens',
  description: 'The case used at most `max` tokens (`kind`: total (default), input or output).',
  config: z.object({ max: z.number().int().positive(), kind: z.enum(['total', 'input', 'output']).optional() }),
  handle({ config, output }) {
    const kind = config.kind ?? 'total';
    const field = kind === 'total' ? 'totalTokens' : kind === 'input' ? 'inputTokens' : 'outputTokens';
    const used = output.turns.reduce((s, t) => s + t.usage[field], 0);
    return used <= config.max ? pass(`${used} ${kind} tokens ≤ ${config.max}`) : fail(`${used} ${kind} tokens > ${config.max}`, config.max / used);
  },
});
