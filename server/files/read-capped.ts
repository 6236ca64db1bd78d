import { tooLarge } from './uploads';

/**
 * Reads a downloaded file's body, refusing it as soon as it passes `max` bytes (a declared
 * Content-Length over the cap is refused before any byte is read): a channel adapter never holds
 * more than the upload limit of a file someone else serves.
 */
export async function readCapped(res: Response, max: number, name: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(name, max);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(name, max);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
