import { z } from 'zod';
import type { CaseOutput, TurnTranscript } from '../types';

/** Which turns an assertion looks at: a 1-based turn number, negative from the end, or every turn. */
export const turnOption = z
  .union([z.number().int().refine((n) => n !== 0, 'turns count from 1 (or -1 for the last)'), z.literal('all')])
  .optional()
  .describe('Which turn to check: 1, 2 … from the start, -1 for the last (default), or "all"');

export type TurnOption = z.infer<typeof turnOption>;

export function selectTurns(output: CaseOutput, turn: TurnOption): TurnTranscript[] {
  if (turn === 'all') return output.turns;
  const n = turn ?? -1;
  const t = n > 0 ? output.turns[n - 1] : output.turns[output.turns.length + n];
  return t ? [t] : [];
}

export function describeTurn(turn: TurnOption): string {
  return turn === 'all' ? 'any turn' : turn === undefined || turn === -1 ? 'the last turn' : `turn ${turn}`;
}

export function clip(s: string, n = 160): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
