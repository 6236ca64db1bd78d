/**
 * Immutable edits of a campaign addressed by JSON pointer (`/adGroups/0/ads/0/headlines/2`), the
 * same paths the validator's findings use. Each edit copies only the objects on its path, so React
 * sees what changed and the editor's undo keeps cheap snapshots.
 */

type Json = unknown;

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function join(pointer: string, ...parts: (string | number)[]): string {
  return [pointer.replace(/\/$/, ''), ...parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
}

export function getAt<T = Json>(root: Json, pointer: string): T {
  let node = root as Record<string, Json> | undefined;
  for (const key of parsePointer(pointer)) node = node == null ? undefined : (node[key] as Record<string, Json>);
  return node as T;
}

/** A copy of `root` with the value at `pointer` replaced by `fn(old)`. */
export function updateAt<R>(root: R, pointer: string, fn: (old: Json) => Json): R {
  const keys = parsePointer(pointer);
  const go = (node: Json, i: number): Json => {
    if (i === keys.length) return fn(node);
    const key = keys[i];
    if (Array.isArray(node)) {
      const copy = node.slice();
      copy[Number(key)] = go(node[Number(key)], i + 1);
      return copy;
    }
    const obj = (node ?? {}) as Record<string, Json>;
    return { ...obj, [key]: go(obj[key], i + 1) };
  };
  return go(root, 0) as R;
}

export const setAt = <R>(root: R, pointer: string, value: Json): R => updateAt(root, pointer, () => value);

const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

export function insertAt<R>(root: R, listPointer: string, index: number, item: Json): R {
  return updateAt(root, listPointer, (old) => {
    const copy = list(old).slice();
    copy.splice(Math.max(0, Math.min(index, copy.length)), 0, item);
    return copy;
  });
}

export function removeAt<R>(root: R, listPointer: string, index: number): R {
  return updateAt(root, listPointer, (old) => list(old).filter((_, i) => i !== index));
}

/** Moves the item at `from` to `to`; out-of-range moves leave the list as it is. */
export function moveAt<R>(root: R, listPointer: string, from: number, to: number): R {
  return updateAt(root, listPointer, (old) => {
    const copy = list(old).slice();
    if (from < 0 || from >= copy.length || to < 0 || to >= copy.length) return copy;
    const [item] = copy.splice(from, 1);
    copy.splice(to, 0, item);
    return copy;
  });
}

/** A fresh id for a new text, keyword or group; ids are what findings and pins follow. */
export function newId(prefix: string): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `${prefix}_${random}`;
}

/**
 * Undoing a structural change (a removed headline, a moved ad group) must not also undo the words
 * typed since: take the snapshot's structure, and for every text (any object with an `id` and a
 * string `text`) that still exists, today's words.
 */
export function carryTexts<R>(current: R, snapshot: R): R {
  const texts = new Map<string, string>();
  const collect = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (node && typeof node === 'object') {
      const obj = node as Record<string, Json>;
      if (typeof obj.id === 'string' && typeof obj.text === 'string') texts.set(obj.id, obj.text);
      Object.values(obj).forEach(collect);
    }
  };
  collect(current);
  const apply = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(apply);
    if (node && typeof node === 'object') {
      const obj = node as Record<string, Json>;
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(obj)) out[k] = apply(v);
      if (typeof obj.id === 'string' && typeof obj.text === 'string' && texts.has(obj.id)) out.text = texts.get(obj.id);
      return out;
    }
    return node;
  };
  return apply(snapshot) as R;
}
