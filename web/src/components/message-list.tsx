import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFollowBottom } from '../hooks/use-follow-bottom';
import { useT } from '../i18n/i18n';
import type { ChatMessage } from '../state/types';
import { MessageView, type MessageActions } from './message-view';

/** Messages rendered at first and added each time the reader reaches the top: long histories open fast. */
export const MESSAGE_WINDOW = 40;

/**
 * The conversation's messages, newest at the bottom. Only the newest question and answer get
 * Edit / Regenerate, and only while nothing streams. Follows the bottom while an answer streams,
 * unless the reader scrolled up; sending a question follows again. Older messages render when
 * scrolled to (or on the button).
 */
export function MessageList({ messages, streaming, actions }: { messages: ChatMessage[]; streaming: boolean; actions: MessageActions }) {
  const t = useT();
  const top = useRef<HTMLDivElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState(() => Math.max(0, messages.length - MESSAGE_WINDOW));
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const first = messages[0]?.key;

  // Another conversation: start again from its newest messages.
  const shownFirst = useRef(first);
  if (shownFirst.current !== first) {
    shownFirst.current = first;
    if (hidden !== Math.max(0, messages.length - MESSAGE_WINDOW)) setHidden(Math.max(0, messages.length - MESSAGE_WINDOW));
  }
  const start = Math.min(hidden, Math.max(0, messages.length - MESSAGE_WINDOW));

  const lastUser = useMemo(() => messages.findLastIndex((m) => m.role === 'user'), [messages]);
  const { following, stick, leave } = useFollowBottom(list, messages[lastUser]?.key);
  const lastAnswer = messages.length - 1;
  const newestAnswer = useMemo(() => ({ onRegenerate: actions.onRegenerate }), [actions.onRegenerate]);
  const newestQuestion = useMemo(() => ({ onEdit: actions.onEdit, onRetrySend: actions.onRetrySend }), [actions.onEdit, actions.onRetrySend]);
  const older = useMemo(() => ({ onRetrySend: actions.onRetrySend }), [actions.onRetrySend]);

  const showEarlier = () => {
    leave();
    const scroller = end.current?.closest('.scroll');
    if (scroller) anchor.current = { height: scroller.scrollHeight, top: scroller.scrollTop };
    setHidden((h) => Math.max(0, Math.min(h, start) - MESSAGE_WINDOW));
  };

  // Keep the reader's place when earlier messages appear above.
  useLayoutEffect(() => {
    const scroller = end.current?.closest('.scroll');
    if (!scroller || !anchor.current) return;
    scroller.scrollTop = anchor.current.top + (scroller.scrollHeight - anchor.current.height);
    anchor.current = null;
  }, [start]);

  useEffect(() => {
    if (!start || !top.current || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !following.current) showEarlier();
    });
    observer.observe(top.current);
    return () => observer.disconnect();
  });

  useLayoutEffect(() => stick(), [messages, stick]);

  return (
    <div ref={list} className="message-list">
      {start > 0 && (
        <div ref={top} className="earlier">
          <button type="button" className="ghost small" onClick={showEarlier}>
            {t('message.showEarlier', { count: start })}
          </button>
        </div>
      )}
      {messages.slice(start).map((m, j) => {
        const i = start + j;
        const a = streaming ? older : i === lastUser ? newestQuestion : i === lastAnswer && m.role === 'assistant' ? newestAnswer : older;
        return <MessageView key={m.key} message={m} actions={a} />;
      })}
      <div ref={end} />
    </div>
  );
}
