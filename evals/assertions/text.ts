import { z } from 'zod';
import { defineAssertion, fail, pass } from './types';
import { clip, describeTurn, selectTurns, turnOption } from './target';

const valueConfig = z.object({ value: z.string().describe('The text to look for'), turn: turnOption });
/** A string that compiles as a regular expression. */
export const regexSource = z.string().refine((v) => {
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

const regexConfig = z.object({
  value: regexSource,
  flags: z.string().regex(/^[imsu]*$/, 'flags may be i, m, s, u').optional(),
  turn: turnOption,
});

function answer(turns: { text: string }[]): string {
  return turns.map((t) => t.text).join('\n\n');
}

export const equals = defineAssertion({
  type: 'equals',
  description: "The answer's text equals `value` (surrounding whitespace ignored).",
  config: valueConfig,
  negatable: true,
  handle({ config, output }) {
    const text = answer(selectTurns(output, config.turn)).trim();
    return text === config.value.trim()
      ? pass(`${describeTurn(config.turn)} equals the expected text`)
      : fail(`${describeTurn(config.turn)} is "${clip(text)}", expected "${clip(config.value)}"`);
  },
});

export const contains = defineAssertion({
  type: 'contains',
  description: 'The answer contains `value` (case-sensitive).',
  config: valueConfig,
  negatable: true,
  handle({ config, output }) {
    const text = answer(selectTurns(output, config.turn));
    return text.includes(config.value)
      ? pass(`${describeTurn(config.turn)} contains "${clip(config.value, 60)}"`)
      : fail(`${describeTurn(config.turn)} does not contain "${clip(config.value, 60)}": "${clip(text)}"`);
  },
});

export const icontains = defineAssertion({
  type: 'icontains',
  description: 'The answer contains `value`, ignoring case.',
  config: valueConfig,
  negatable: true,
  handle({ config, output }) {
    const text = answer(selectTurns(output, config.turn));
    return text.toLowerCase().includes(config.value.toLowerCase())
      ? pass(`${describeTurn(config.turn)} contains "${clip(config.value, 60)}" (any case)`)
      : fail(`${describeTurn(config.turn)} does not contain "${clip(config.value, 60)}" in any case: "${clip(text)}"`);
  },
});

export const regex = defineAssertion({
  type: 'regex',
  description: 'The answer matches the regular expression `value` (optional `flags`).',
  config: regexConfig,
  negatable: true,
  handle({ config, output }) {
    const text = answer(selectTurns(output, config.turn));
    const m = new RegExp(config.value, config.flags).exec(text);
    return m
      ? pass(`${describeTurn(config.turn)} matches /${config.value}/ at "${clip(m[0], 60)}"`)
      : fail(`${describeTurn(config.turn)} does not match /${config.value}/: "${clip(text)}"`);
  },
});
