/** Turns texts into vectors for catalog retrieval. */
export interface Embedder {
  /** Stored with every vector, so vectors of different embedders are never compared. */
  name: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export const LOCAL_DIMENSIONS = 256;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Words of text and identifiers: camelCase and snake_case split, lower case, crude singular. */
export function embeddingWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1)
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

/** A deterministic local embedding: hashed words plus character trigrams (signed feature hashing), L2-normalised. */
export function localEmbedding(text: string, dims = LOCAL_DIMENSIONS): number[] {
  const v = new Array<number>(dims).fill(0);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    v[h % dims] += (h & 0x80000000 ? -1 : 1) * weight;
  };
  for (const w of embeddingWords(text)) {
    add(`w:${w}`, 1);
    const padded = `^${w}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, 0.35);
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

export function createLocalEmbedder(): Embedder {
  return { name: `local-hash-${LOCAL_DIMENSIONS}`, embed: async (texts) => texts.map((t) => localEmbedding(t)) };
}

/** An OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, LM Studio…). */
export function createHttpEmbedder(opts: { baseUrl: string; model: string; apiKey?: string; batchSize?: number; fetch?: typeof fetch }): Embedder {
  const doFetch = opts.fetch ?? fetch;
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const batch = opts.batchSize ?? 256;
  return {
    name: `http:${opts.model}`,
    async embed(texts, signal) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batch) {
        const input = texts.slice(i, i + batch);
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: JSON.stringify({ model: opts.model, input }),
          signal,
        });
        if (!res.ok) throw new Error(`the embeddings server at ${new URL(url).host} answered ${res.status}`);
        const body = (await res.json()) as { data?: { embedding: number[]; index: number }[] };
        if (!Array.isArray(body.data) || body.data.length !== input.length) throw new Error(`the embeddings server at ${new URL(url).host} returned ${body.data?.length ?? 'no'} vectors for ${input.length} texts`);
        for (const d of [...body.data].sort((a, b) => a.index - b.index)) out.push(d.embedding);
      }
      return out;
    },
  };
}
