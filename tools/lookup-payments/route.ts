import { asksForForecast } from '../forecast-tool/intent';
import { parseGrain } from '../query-data/time-range';
import { periodWords } from './lookup-common';
import { OBJECT_ID } from './payment-templates';

/**
 * The offline planner's reading of a payments question ("which payments failed this week?",
 * "refunds for acme@example.com", "open disputes", "MRR trend", "ch_3Mx…"), or null.
 *
 * Aggregates split by a column ("total refund amount by reason", "number of charges by status")
 * stay with query_data: they are warehouse questions the SQL writer answers, and the demo
 * warehouse's SQL suite pins them there.
 */
export function routePayments(question: string): Record<string, unknown> | null {
  const q = question.toLowerCase();
  if (asksForForecast(question)) return null;
  const id = /\b(?:ch|py|pi|re|pyr|dp|du|po|cus|in|sub)_[A-Za-z0-9]{4,}\b/.exec(question)?.[0];
  const mrrish = /\b(mrr|monthly recurring revenue|recurring revenue|churn(ed)?|churn rate)\b/.test(q);
  const grouped = /\b(total|sum|number of|count of|how many|average|avg|mean)\b/.test(q) && /\bby\s+(?!(day|week|month|quarter|year)\b)\w+/.test(q);
  if (grouped && !mrrish) return null;
  const args: Record<string, unknown> = {};
  const from = periodWords(question);
  if (from) args.from = from;
  const grain = parseGrain(question);
  if (grain && grain !== 'year') args.grain = grain;
  const email = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(question)?.[0];
  const name = /\b(?:for|of|from|by) (?:customer )?([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)/.exec(question)?.[1];
  const cus = /\bcus_[A-Za-z0-9]{4,}\b/.exec(question)?.[0];
  const customer = email ?? cus ?? name;
  const top = /\b(?:top|last|latest|first) (\d{1,3})\b(?! (day|week|month|quarter|year)s?\b)/.exec(q);
  if (top) args.limit = Number(top[1]);

  if (id && OBJECT_ID.test(id) && !id.startsWith('cus_')) return { kind: 'object', objectId: id };
  if (/\bchurn(ed)? mrr\b|\bnew mrr\b|\bnet new mrr\b|\bmrr (movements?|changes?|growth)\b|\bexpansion\b/.test(q)) return { kind: 'mrr_movements', ...args };
  if (/\bchurn( rate)?\b|\bchurned (customers|subscriptions|subscribers)\b|\bcancell?ations\b/.test(q)) return { kind: 'churn', ...args };
  if (/\bmrr\b|\bmonthly recurring revenue\b|\brecurring revenue\b/.test(q)) return { kind: 'mrr', ...args };
  if (/\b(failed|declined|unsuccessful|bounced)\b.*\b(payments?|charges?|transactions?)\b|\b(payments?|charges?|transactions?)\b.*\b(failed|declined|did not go through|didn't go through|bounced)\b/.test(q)) {
    return { kind: 'failed_payments', ...(customer ? { customer } : {}), ...args };
  }
  if (/\brefund(s|ed)?\b/.test(q)) return { kind: 'refunds', ...(customer ? { customer } : {}), ...args };
  if (/\b(disputes?|chargebacks?)\b/.test(q)) {
    const status = /\b(open|still open|unresolved|pending|outstanding|active)\b/.test(q) ? 'open' : /\b(won|lost)\b/.exec(q)?.[1];
    return { kind: 'disputes', ...(status ? { status } : {}), ...(customer ? { customer } : {}), ...args };
  }
  if (/\bpayouts?\b/.test(q)) {
    const status = /\bin transit\b/.test(q) ? 'in transit' : /\b(paid|pending|failed|canceled)\b/.exec(q)?.[1];
    return { kind: 'payouts', ...(status ? { status } : {}), ...args };
  }
  if (customer && /\b(customer|payments?|paid|charges?|spent|account)\b/.test(q) && !/\bcharges?\b.*\bfor\b.*@/.test(q)) {
    if (cus || /\bcustomer\b/.test(q) || /^(who is|look ?up|find|show)\b/.test(q)) return { kind: 'customer', customer };
  }
  if (/\b(payments?|charges?|transactions)\b/.test(q) && (customer || from || /\b(latest|recent|list|show|which)\b/.test(q))) {
    const status = /\b(succeeded|successful|pending)\b/.exec(q)?.[1];
    return { kind: 'charges', ...(status ? { status: status === 'successful' ? 'succeeded' : status } : {}), ...(customer ? { customer } : {}), ...args };
  }
  if (cus) return { kind: 'customer', customer: cus };
  return null;
}
