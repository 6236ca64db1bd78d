import { FOLLOW_UP_SEPARATOR, parseQuestion, readQuestion } from './semantic-parser';
import type { SqlWriter } from './sql-writer';
import { planComparison } from './compare';

const FOLLOW_UP = /^\s*(only|just|now|and|but|what about|how about|same|instead|exclude|excluding|without|also|then|split|break)\b/i;

/** The offline planner's SQL writer: the semantic parser, with follow-ups laid over the previous question. */
export function createOfflineSqlWriter(): SqlWriter {
  return {
    name: 'offline semantic parser',
    async write(req) {
      let question = req.question;
      if (req.previous?.question) {
        const own = readQuestion(req.question, req.catalog, req.today);
        if (FOLLOW_UP.test(req.question) || (!own.measure && !own.countOf)) question = `${req.previous.question}${FOLLOW_UP_SEPARATOR}${req.question}`;
      }
      // The parser is deterministic: a retry after a failure would write the same SQL.
      if (req.failures.length) return { ok: false, error: `the offline planner's query failed: ${req.failures[req.failures.length - 1].error}` };
      // "compare A with B by X": two measures computed apart and joined on X.
      const compared = planComparison(req.question, req.catalog, req.today);
      if (compared?.ok) return { ok: true, sql: compared.sql, explanation: compared.explanation, restated: req.question };
      const r = parseQuestion(question, req.catalog, req.today);
      return r.ok ? { ok: true, sql: r.sql, explanation: r.explanation, restated: question } : { ok: false, error: compared?.error ?? r.error };
    },
  };
}
