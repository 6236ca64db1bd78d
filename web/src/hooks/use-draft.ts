const PREFIX = 'parley:draft:';

/** Unsent words per conversation (`new` for a chat not started yet), kept in the browser. */
export const drafts = {
  get(conversationId: string | null): string {
    try {
      return localStorage.getItem(PREFIX + (conversationId ?? 'new')) ?? '';
    } catch {
      return '';
    }
  },
  set(conversationId: string | null, text: string) {
    try {
      if (text.trim()) localStorage.setItem(PREFIX + (conversationId ?? 'new'), text);
      else localStorage.removeItem(PREFIX + (conversationId ?? 'new'));
    } catch {
      // Storage full or disabled: the draft simply is not kept.
    }
  },
};
