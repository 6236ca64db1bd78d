import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { ARTIFACT_KINDS } from '../../tools/types';
import { defineAssertion, fail, pass } from './types';
import { clip, describeTurn, selectTurns, turnOption } from './target';

// `$data` lets a schema compare fields of one value (a forecast's mean between its bounds).
const ajv = new Ajv({ allErrors: true, strict: false, $data: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

/** JSON in the answer: the whole text, or the first fenced ```json block. */
function jsonFromText(text: string): { ok: true; value: unknown } | { ok: false } {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(text);
  for (const candidate of [text.trim(), fenced?.[1]?.trim()]) {
    if (!candidate) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false };
}

export const jsonSchema = defineAssertion({
  type: 'json-schema',
  description: 'The answer text (or, with `artifact: <kind>`, the last artifact of that kind) is JSON valid against `schema`.',
  config: z.object({
    schema: z.record(z.string(), z.unknown()).refine((s) => {
      try {
        ajv.compile(s);
        return true;
      } catch {
        return false;
      }
    }, 'is not a valid JSON Schema'),
    artifact: z.enum(ARTIFACT_KINDS).optional(),
    turn: turnOption,
  }),
  handle({ config, output }) {
    const turns = selectTurns(output, config.turn);
    let value: unknown;
    if (config.artifact) {
      const a = turns.flatMap((t) => t.artifacts).filter((x) => x.kind === config.artifact).at(-1);
      if (!a) return fail(`${describeTurn(config.turn)} produced no ${config.artifact} artifact to check`);
      value = a.data;
    } else {
      const text = turns.map((t) => t.text).join('\n');
      const parsed = jsonFromText(text);
      if (!parsed.ok) return fail(`${describeTurn(config.turn)} is not JSON: "${clip(text, 100)}"`);
      value = parsed.value;
    }
    const validate = ajv.compile(config.schema);
    if (validate(value)) return pass('valid against the schema');
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).slice(0, 5);
    return fail(`not valid against the schema: ${errors.join('; ')}`);
  },
});
