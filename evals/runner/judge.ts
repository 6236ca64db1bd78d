import { HumanMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { GroqChatModel } from '../../agent/models/groq-chat-model';
import { renderPrompt, type PromptRegistry } from '../../prompts/registry';
import type { Judge } from '../assertions/types';

const verdictSchema = z.object({ pass: z.boolean(), score: z.number().min(0).max(1), reason: z.string() });

/** The judge's reply as a verdict; text around the JSON object is tolerated, anything else is a clear failure. */
export function parseVerdict(text: string): z.infer<typeof verdictSchema> | { error: string } {
  const m = /\{[\s\S]*\}/.exec(text);
  if (!m) return { error: `the judge did not reply with JSON: "${text.slice(0, 120)}"` };
  try {
    const v = verdictSchema.safeParse(JSON.parse(m[0]));
    return v.success ? v.data : { error: `the judge's JSON lacks pass/score/reason: ${v.error.issues[0].message}` };
  } catch {
    return { error: `the judge's reply is not valid JSON: "${m[0].slice(0, 120)}"` };
  }
}

/** A judge over groq-sdk (through the cassette proxy when recording or replaying), at temperature 0. */
export function createJudge(opts: { apiKey: string; baseURL?: string; model: string; prompts: PromptRegistry; maxRetries?: number }): Judge {
  const model = new GroqChatModel({ apiKey: opts.apiKey, baseURL: opts.baseURL, model: opts.model, temperature: 0, maxRetries: opts.maxRetries });
  const prompt = opts.prompts.get('eval-judge');
  return async ({ rubric, question, answer }) => {
    const reply = await model.invoke([new HumanMessage(renderPrompt(prompt, { rubric, question, answer }))]);
    const text = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
    const v = parseVerdict(text);
    if ('error' in v) return { pass: false, score: 0, reason: v.error };
    return { pass: v.pass, score: v.score, reason: v.reason };
  };
}
