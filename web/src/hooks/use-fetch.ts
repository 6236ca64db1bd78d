import { useEffect, useState } from 'react';
import { ApiError, api } from '../lib/api';

export type FetchState<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: ApiError };

/** GETs an API path whenever it changes (null: nothing to fetch); `reload` fetches again. */
export function useFetch<T>(path: string | null, version = 0): FetchState<T> {
  const [state, setState] = useState<FetchState<T>>({ status: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState((s) => (s.status === 'ok' ? s : { status: 'loading' }));
    api<T>(path, { signal: ctl.signal })
      .then((data) => setState({ status: 'ok', data }))
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError('internal', String(e), 0) });
      });
    return () => ctl.abort();
  }, [path, version]);
  return state;
}
