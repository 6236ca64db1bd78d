import type { Campaign } from '../../../tools/campaigns/model';

/**
 * Unsaved hand edits, kept in localStorage by campaign id and the version they were made on, so a
 * reload (or a save that failed) never loses typed text, and a draft made on an older version is
 * recognised as one that needs the conflict choice.
 */
const PREFIX = 'parley.campaign-draft:';
const keyOf = (id: string, baseVersion: number) => `${PREFIX}${id}:${baseVersion}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function saveDraft(id: string, baseVersion: number, campaign: Campaign): void {
  const s = storage();
  if (!s) return;
  clearDrafts(id);
  try {
    s.setItem(keyOf(id, baseVersion), JSON.stringify(campaign));
  } catch {
    // Storage full or forbidden: the draft still lives on screen.
  }
}

/** The newest kept draft of a campaign and the version it was based on, if any. */
export function loadDraft(id: string): { baseVersion: number; campaign: Campaign } | null {
  const s = storage();
  if (!s) return null;
  let best: { baseVersion: number; campaign: Campaign } | null = null;
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(`${PREFIX}${id}:`)) continue;
    const baseVersion = Number(key.slice(`${PREFIX}${id}:`.length));
    if (!Number.isInteger(baseVersion) || (best && best.baseVersion >= baseVersion)) continue;
    try {
      best = { baseVersion, campaign: JSON.parse(s.getItem(key) ?? 'null') as Campaign };
    } catch {
      continue;
    }
  }
  return best?.campaign ? best : null;
}

export function clearDrafts(id: string): void {
  const s = storage();
  if (!s) return;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (key?.startsWith(`${PREFIX}${id}:`)) keys.push(key);
  }
  keys.forEach((k) => s.removeItem(k));
}
