import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../lib/api';
import type { ConversationSummary } from '../state/types';

/** The sidebar's list: newest first, searchable, with rename and delete. */
export function useConversations() {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    // Typing in the search box waits for a pause before asking the server.
    const timer = setTimeout(
      () => {
        const q = query.trim();
        api<ConversationSummary[]>(`/conversations?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal: ctl.signal })
          .then((rows) => {
            setItems(rows);
            setError(null);
            setLoaded(true);
          })
          .catch((e: unknown) => {
            if ((e as Error).name !== 'AbortError') setError(e instanceof ApiError ? e : new ApiError('internal', String(e), 0));
          });
      },
      query ? 200 : 0,
    );
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [query, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  const rename = useCallback(async (id: string, title: string) => {
    const updated = await api<ConversationSummary>(`/conversations/${encodeURIComponent(id)}`, { method: 'PATCH', body: { title } });
    setItems((list) => list.map((c) => (c.id === id ? { ...c, title: updated.title } : c)));
  }, []);

  const remove = useCallback(async (id: string) => {
    await api(`/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' });
    setItems((list) => list.filter((c) => c.id !== id));
  }, []);

  const setDatasource = useCallback(async (id: string, datasource: string | null) => {
    await api(`/conversations/${encodeURIComponent(id)}`, { method: 'PATCH', body: { datasource } });
    setItems((list) => list.map((c) => (c.id === id ? { ...c, datasource } : c)));
  }, []);

  return { items, query, setQuery, error, loaded, refresh, rename, remove, setDatasource };
}
