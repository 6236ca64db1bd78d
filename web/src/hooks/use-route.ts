import { useCallback, useEffect, useState } from 'react';
import { conversationIdFromPath, pathForConversation } from '../lib/route';

/** The conversation in the URL, and navigation that keeps the browser's back button working. */
export function useRoute() {
  const [conversationId, setId] = useState(() => conversationIdFromPath(window.location.pathname));
  useEffect(() => {
    const onPop = () => setId(conversationIdFromPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((id: string | null, opts: { replace?: boolean } = {}) => {
    const path = pathForConversation(id);
    if (window.location.pathname !== path) {
      if (opts.replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    setId(id);
  }, []);
  return { conversationId, navigate };
}
