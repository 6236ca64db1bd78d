/** How close to the bottom (px) still counts as "at the bottom": the view keeps following there. */
export const NEAR_BOTTOM_PX = 48;

export interface ScrollMetrics {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

export function nearBottom(m: ScrollMetrics, slack = NEAR_BOTTOM_PX): boolean {
  return m.scrollHeight - m.scrollTop - m.clientHeight <= slack;
}

/**
 * What moved the view, for `nextFollow`: a scroll event (with where it was before), a gesture
 * that means "up" (wheel, PageUp…) before its scroll lands, or a question just sent.
 */
export type FollowSignal = { kind: 'scrolled'; fromTop: number; now: ScrollMetrics } | { kind: 'reader-up' } | { kind: 'sent' };

/**
 * Whether the conversation should keep following the bottom, as every chat app does: sending
 * follows; the reader moving up stops it; reaching the bottom again resumes it. Content growing
 * under a still view (scrollTop unchanged) is not the reader leaving.
 */
export function nextFollow(following: boolean, signal: FollowSignal): boolean {
  switch (signal.kind) {
    case 'sent':
      return true;
    case 'reader-up':
      return false;
    case 'scrolled':
      if (nearBottom(signal.now)) return true;
      if (signal.now.scrollTop < signal.fromTop) return false;
      return following;
  }
}

const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);

/** A key press that scrolls the view up (when focus is in the conversation, not in the composer). */
export function isUpKey(key: string): boolean {
  return UP_KEYS.has(key);
}
