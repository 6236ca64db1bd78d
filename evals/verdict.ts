import type { CaseStatus } from './types';

/** One verdict over repeated attempts of a case: every attempt must pass. */
export function caseVerdict(statuses: CaseStatus[]): CaseStatus {
  if (statuses.includes('error')) return 'error';
  if (statuses.includes('failed')) return 'failed';
  return statuses.every((s) => s === 'skipped') ? 'skipped' : 'passed';
}
