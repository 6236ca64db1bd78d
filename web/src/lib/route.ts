/** The app's URLs: `/` for a new chat, `/c/<id>` for a conversation. */
export function conversationIdFromPath(path: string): string | null {
  const m = /^\/c\/([^/]+)\/?$/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

export function pathForConversation(id: string | null): string {
  return id ? `/c/${encodeURIComponent(id)}` : '/';
}
