import { renderPrompt, type PromptRegistry } from '../../prompts/registry';
import { cleanSql } from '../sql/clean-sql';
import { schemaText } from './schema-text';
import type { CompleteText, SqlWriter } from './sql-writer';

export const SQL_WRITER_PROMPT = 'sql-writer';

/** A SQL writer backed by a chat model and the versioned `sql-writer` prompt. */
export function createLlmSqlWriter(deps: { complete: CompleteText; prompts: PromptRegistry; promptVersion?: string }): SqlWriter {
  const prompt = deps.prompts.get(SQL_WRITER_PROMPT, deps.promptVersion);
  return {
    name: `llm (${prompt.id}@${prompt.version})`,
    async write(req) {
      const examples = req.notes.length ? `Notes and examples:\n${req.notes.map((n) => `- ${n.body}`).join('\n')}` : '';
      const previous = req.previous?.sql
        ? `The previous question in this conversation was "${req.previous.question ?? ''}", answered with:\n${req.previous.sql}\nIf the new question is a follow-up (e.g. "only Europe", "now by month"), modify that query.`
        : '';
      const dialect = req.dialect === 'duckdb' ? 'DuckDB' : 'PostgreSQL';
      const system = renderPrompt(prompt, { today: req.today, datasource: req.datasource, dialect, schema: schemaText(req.catalog), examples, previous });
      const retry = req.failures.map((f) => `Your earlier query:\n${f.sql}\nfailed with: ${f.error}\nWrite a corrected query.`).join('\n\n');
      const text = await deps.complete(system, retry ? `${req.question}\n\n${retry}` : req.question, req.signal);
      const sql = cleanSql(text);
      const refusal = /^select\s+'cannot answer:\s*([^']*)'/i.exec(sql);
      if (refusal) return { ok: false, error: `the question cannot be answered from this datasource: ${refusal[1]}` };
      return sql ? { ok: true, sql } : { ok: false, error: 'the model did not write any SQL' };
    },
  };
}
