import { useCallback, useEffect, useState } from 'react';
import { campaignIdFromPath, conversationIdFromPath, pageFromPath, pathForCampaign, pathForConversation, pathForPage, type Page } from '../lib/route';

const read = () => ({ conversationId: conversationIdFromPath(window.location.pathname), campaignId: campaignIdFromPath(window.location.pathname), page: pageFromPath(window.location.pathname) });

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
  const openPage = useCallback((page: Exclude<Page, 'campaign'>) => go(page === 'chat' ? pathForConversation(null) : pathForPage(page)), [go]);
  const openCampaign = useCallback((id: string) => go(pathForCampaign(id)), [go]);
  return { conversationId: where.conversationId, campaignId: where.campaignId, page: where.page, navigate, openPage, openCampaign };
}
