import { z } from 'zod';
import { defineAssertion, skip } from './types';
import { selectTurns, turnOption } from './target';

export const llmRubric = defineAssertion({
  type: 'llm-rubric',
  description: 'A judge model grades the answer against `rubric` (pass at `threshold`, default 0.5). Skipped, with the reason, when no judge model is configured.',
  config: z.object({ rubric: z.string().min(1), threshold: z.number().min(0).max(1).optional(), turn: turnOption }),
  modelGraded: true,
  async handle({ config, output, env }) {
    if (!env.judge) {
      return skip('no judge model configured: set PARLEY_EVAL_JUDGE_MODEL (or pass --judge-model) with GROQ_API_KEY, or replay recorded judge cassettes');
    }
    const turns = selectTurns(output, config.turn);
    const verdict = await env.judge({
      rubric: config.rubric,
      question: turns.map((t) => t.user).join('\n'),
      answer: turns.map((t) => t.text).join('\n\n'),
    });
    const threshold = config.threshold ?? 0.5;
    return { ...verdict, pass: verdict.pass && verdict.score >= threshold, reason: `judge: ${verdict.reason}` };
  },
});
