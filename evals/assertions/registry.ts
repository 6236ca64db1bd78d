import { llmRubric } from './llm-rubric';
import { jsonSchema } from './json-schema';
import { sqlRegex, sqlResultEquals, sqlValid } from './sql';
import { fileResultEquals } from './file-result';
import { contains, equals, icontains, regex } from './text';
import { artifactKind, chartType, latencyMs, noError, toolCalled, tokens, toolSequence } from './tools';
import type { AssertionDefinition } from './types';

const BASE: AssertionDefinition[] = [
  equals,
  contains,
  icontains,
  regex,
  jsonSchema,
  toolCalled,
  toolSequence,
  sqlValid,
  sqlRegex,
  sqlResultEquals,
  fileResultEquals,
  chartType,
  artifactKind,
  latencyMs,
  tokens,
  noError,
  llmRubric,
];

/** `not-<type>`: the same check with its verdict inverted; a skipped result stays skipped. */
function negate(d: AssertionDefinition): AssertionDefinition {
  return {
    ...d,
    type: `not-${d.type}`,
    description: `The opposite of \`${d.type}\`.`,
    negatable: false,
    async handle(params) {
      const r = await d.handle(params);
      if (r.skipped) return r;
      return { pass: !r.pass, score: 1 - r.score, reason: `${r.pass ? 'but' : 'as required,'} ${r.reason}` };
    },
  };
}

/** The one assertion registry: every type a suite may use, its `not-` forms derived. */
export const ASSERTIONS: ReadonlyMap<string, AssertionDefinition> = new Map(
  BASE.flatMap((d) => (d.negatable ? [d, negate(d)] : [d])).map((d) => [d.type, d]),
);

export const ASSERTION_TYPES = [...ASSERTIONS.keys()];
/** Types graded by a judge model: skipped without one. */
export const MODEL_GRADED_TYPES = ASSERTION_TYPES.filter((t) => ASSERTIONS.get(t)!.modelGraded);
/** Types that run SQL on the case's datasource. */
export const DATASOURCE_TYPES = ASSERTION_TYPES.filter((t) => ASSERTIONS.get(t)!.usesDatasource);
