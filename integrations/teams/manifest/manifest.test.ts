import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));

function pngSize(file: string) {
  const b = readFileSync(join(here, file));
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('the Teams app manifest', () => {
  it('declares one bot for 1:1, group chat and team scopes, with the icons Teams requires', () => {
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.bots[0].botId).toBe(manifest.id);
    expect(pngSize(manifest.icons.color)).toEqual([192, 192]);
    expect(pngSize(manifest.icons.outline)).toEqual([32, 32]);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
  });

  it('takes files in 1:1 chats (Teams only sends a bot files when it says so)', () => {
    expect(manifest.bots[0].supportsFiles).toBe(true);
  });
});
