import { useEffect, useMemo, useRef } from 'react';
import type { ChatMessage } from '../state/types';
import { MessageView, type MessageActions } from './message-view';

/**
 * The conversation's messages. Only the newest question and answer get Edit / Regenerate, and
 * only while nothing streams. Follows the bottom while an answer streams, unless the reader scrolled up.
 */
export function MessageList({ messages, streaming, actions }: { messages: ChatMessage[]; streaming: boolean; actions: MessageActions }) {
  const end = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const lastUser = useMemo(() => messages.findLastIndex((m) => m.role === 'user'), [messages]);
  const lastAnswer = messages.length - 1;
  const newestAnswer = useMemo(() => ({ onRegenerate: actions.onRegenerate }), [actions.onRegenerate]);
  const newestQuestion = useMemo(() => ({ onEdit: actions.onEdit, onRetrySend: actions.onRetrySend }), [actions.onEdit, actions.onRetrySend]);
  const older = useMemo(() => ({ onRetrySend: actions.onRetrySend }), [actions.onRetrySend]);

  useEffect(() => {
    const scroller = end.current?.closest('.scroll');
    if (!scroller) return;
    const onScroll = () => {
      follow.current = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => scroller.removeEventListener('scroll', onScroll);
  }, []);

  useEffect(() => {
    if (follow.current) end.current?.scrollIntoView({ block: 'end' });
  }, [messages]);

  return (
    <div className="message-list">
      {messages.map((m, i) => {
        const a = streaming ? older : i === lastUser ? newestQuestion : i === lastAnswer && m.role === 'assistant' ? newestAnswer : older;
        return <MessageView key={m.key} message={m} actions={a} />;
      })}
      <div ref={end} />
    </div>
  );
}
