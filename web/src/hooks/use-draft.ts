const PREFIX = 'parley:draft:';
const OWNER = 'parley:draft-owner';

function draftKeys(): string[] {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k?.startsWith(PREFIX)) keys.push(k);
  }
  return keys;
}

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
  /**
   * Drafts belong to whoever wrote them: when someone else signs in on this browser, the
   * previous person's drafts are dropped, never shown to them. The same person keeps theirs
   * (a session that expired and was renewed).
   */
  claim(userId: string) {
    try {
      const owner = localStorage.getItem(OWNER);
      // No owner: drafts from before accounts, or none since a sign-out cleared them.
      if (owner !== null && owner !== userId) for (const k of draftKeys()) localStorage.removeItem(k);
      localStorage.setItem(OWNER, userId);
    } catch {
      // Storage disabled: there are no drafts to hand over either.
    }
  },
  /** Signing out on purpose leaves nothing of what was typed behind on the machine. */
  clearAll() {
    try {
      for (const k of draftKeys()) localStorage.removeItem(k);
      localStorage.removeItem(OWNER);
    } catch {
      // Storage disabled: nothing was kept.
    }
  },
};
