import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The cassette key of a chat-completions request: a hash of the model, the messages, the tools
 * and every other parameter (temperature, max_tokens, stream …) — the whole body, canonicalised.
 */
export function cassetteKey(body: Record<string, unknown>): string {
  const { model, messages, tools, ...parameters } = body;
  return createHash('sha256').update(canonicalJson({ model, messages, tools, parameters })).digest('hex').slice(0, 32);
}
