import { useFetch } from '../hooks/use-fetch';
import { useT } from '../i18n/i18n';

interface Suggestions {
  datasource: { id: string; name: string };
  questions: string[];
}

/** The first screen of a new chat: questions built from the current datasource's tables. */
export function EmptyState({ datasource, onAsk }: { datasource: string | null; onAsk(question: string): void }) {
  const t = useT();
  const res = useFetch<Suggestions>(`/suggestions${datasource ? `?datasource=${encodeURIComponent(datasource)}` : ''}`);
  return (
    <div className="empty-state">
      <h2>{t('empty.title')}</h2>
      <p className="muted">{t('empty.subtitle')}</p>
      {res.status === 'ok' && res.data.questions.length > 0 && (
        <>
          <p className="muted small-text">{t('empty.suggestionsFrom', { datasource: res.data.datasource.name })}</p>
          <ul className="suggested-questions">
            {res.data.questions.map((q) => (
              <li key={q}>
                <button type="button" className="suggestion" onClick={() => onAsk(q)}>
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {res.status === 'error' && <p className="notice small-text">{t('empty.suggestionsFailed', { message: res.error.message || t('error.network') })}</p>}
    </div>
  );
}
