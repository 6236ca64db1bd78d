import type { MessageKey } from '../i18n/en';

export interface CompletionItem {
  /** What is inserted, e.g. `/sql` or `@sales`. */
  insert: string;
  label: string;
  /** A catalogue key or plain words describing the item. */
  detail: { key: MessageKey } | { text: string };
}

/** The slash commands, in the order shown. */
export const COMMANDS: CompletionItem[] = (['sql', 'chart', 'forecast', 'campaign'] as const).map((c) => ({
  insert: `/${c}`,
  label: `/${c}`,
  detail: { key: `command.${c}` as MessageKey },
}));

export interface Trigger {
  char: '/' | '@';
  query: string;
  /** Offset of the trigger character within the text before the cursor. */
  start: number;
}

/**
 * Finds an open `/command` or `@mention` just before the cursor. A command only counts at the very
 * start of the message; a mention anywhere after a space or at the start.
 */
export function findTrigger(textBeforeCursor: string, atDocumentStart: boolean): Trigger | null {
  const m = /(^|\s)([/@])([\w.-]*)$/.exec(textBeforeCursor);
  if (!m) return null;
  const start = m.index + m[1].length;
  const char = m[2] as '/' | '@';
  if (char === '/' && !(atDocumentStart && start === 0)) return null;
  return { char, query: m[3], start };
}

/** The items matching what was typed after the trigger, prefix matches first. */
export function filterItems(items: CompletionItem[], query: string): CompletionItem[] {
  const q = query.toLowerCase();
  const name = (i: CompletionItem) => i.insert.slice(1).toLowerCase();
  return items.filter((i) => name(i).includes(q)).sort((a, b) => Number(!name(a).startsWith(q)) - Number(!name(b).startsWith(q)));
}
