import { useCallback, useEffect, useState } from 'react';
import { CONNECTIONS_PATH, conversationIdFromPath, MEMBERS_PATH, pageFromPath, pathForConversation, type Page } from '../lib/route';

const read = () => ({ conversationId: conversationIdFromPath(window.location.pathname), page: pageFromPath(window.location.pathname) });

/** The conversation (or page) in the URL, and navigation that keeps the browser's back button working. */
export function useRoute() {
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const onPop = () => setWhere(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((path: string, replace = false) => {
    if (window.location.pathname !== path) {
      if (replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    setWhere(read());
  }, []);
  const navigate = useCallback((id: string | null, opts: { replace?: boolean } = {}) => go(pathForConversation(id), opts.replace), [go]);
  const openPage = useCallback((page: Page) => go(page === 'members' ? MEMBERS_PATH : page === 'connections' ? CONNECTIONS_PATH : pathForConversation(null)), [go]);
  return { conversationId: where.conversationId, page: where.page, navigate, openPage };
}
