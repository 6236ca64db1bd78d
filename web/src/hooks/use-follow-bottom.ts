import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { isUpKey, nextFollow, type FollowSignal } from '../lib/follow-bottom';

/**
 * Keeps the conversation's scroller (the `.scroll` around `content`) at the bottom while it
 * follows: on every change of `content`'s size (streamed text, a chart drawn) and of the view's.
 * A new `sentKey` (the newest question) follows again. Returns the flag, and `leave()` for
 * actions that move the reader elsewhere (showing earlier messages).
 * Jumps are instant: an animated scroll would lag behind the stream (and reduced motion wants none).
 */
export function useFollowBottom(content: RefObject<HTMLElement | null>, sentKey: string | undefined) {
  const following = useRef(true);
  // Where our own last jump (or the last scroll event) left the view: a scroll below it is not the reader going up.
  const lastTop = useRef(0);
  const scroller = useCallback(() => content.current?.closest<HTMLElement>('.scroll') ?? null, [content]);

  const stick = useCallback(() => {
    const s = scroller();
    if (!s || !following.current) return;
    s.scrollTop = s.scrollHeight;
    lastTop.current = s.scrollTop;
  }, [scroller]);

  useEffect(() => {
    const s = scroller();
    const el = content.current;
    if (!s || !el) return;
    const signal = (sig: FollowSignal) => void (following.current = nextFollow(following.current, sig));
    lastTop.current = s.scrollTop;
    const onScroll = () => {
      signal({ kind: 'scrolled', fromTop: lastTop.current, now: { scrollTop: s.scrollTop, scrollHeight: s.scrollHeight, clientHeight: s.clientHeight } });
      lastTop.current = s.scrollTop;
    };
    const onWheel = (e: WheelEvent) => e.deltaY < 0 && signal({ kind: 'reader-up' });
    const onKey = (e: KeyboardEvent) => isUpKey(e.key) && !(e.target as HTMLElement).isContentEditable && signal({ kind: 'reader-up' });
    s.addEventListener('scroll', onScroll, { passive: true });
    s.addEventListener('wheel', onWheel, { passive: true });
    s.addEventListener('keydown', onKey);
    const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => stick());
    resized?.observe(el);
    resized?.observe(s);
    return () => {
      s.removeEventListener('scroll', onScroll);
      s.removeEventListener('wheel', onWheel);
      s.removeEventListener('keydown', onKey);
      resized?.disconnect();
    };
  }, [content, scroller, stick]);

  // A question just sent (or another conversation opened): follow again and bring it into view.
  useLayoutEffect(() => {
    following.current = nextFollow(following.current, { kind: 'sent' });
    stick();
  }, [sentKey, stick]);

  return {
    following,
    /** Keeps the bottom in view after a render, when following (for layouts ResizeObserver cannot see). */
    stick,
    leave: useCallback(() => void (following.current = false), []),
  };
}
