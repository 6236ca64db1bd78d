import { highlightSql } from '../lib/sql-highlight';
import { CopyButton } from './copy-button';

/** A code block; SQL is coloured by token. */
export function CodeBlock({ code, language }: { code: string; language?: string }) {
  const sql = language?.toLowerCase() === 'sql';
  return (
    <div className="code-block">
      <div className="code-head">
        <span>{language ?? ''}</span>
        <CopyButton text={code} />
      </div>
      <pre>
        <code className={language ? `language-${language}` : undefined}>
          {sql ? highlightSql(code).map((tok, i) => (tok.kind === 'plain' ? tok.text : <span key={i} className={`sql-${tok.kind}`}>{tok.text}</span>)) : code}
        </code>
      </pre>
    </div>
  );
}
