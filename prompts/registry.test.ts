import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPromptRegistry, parsePromptFile, renderPrompt } from './registry';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('prompt registry', () => {
  it('returns the highest version by default and an exact version on request', () => {
    const reg = createPromptRegistry(
      dirWith({
        'a/1.md': '---\nid: a\nversion: 1\n---\none',
        'a/10.md': '---\nid: a\nversion: 10\n---\nten',
        'a/2.md': '---\nid: a\nversion: 2\n---\ntwo',
      }),
    );
    expect(reg.get('a').template).toBe('ten');
    expect(reg.get('a', '2').template).toBe('two');
    expect(() => reg.get('a', '3')).toThrow(/unknown version 3.*1, 2, 10/);
    expect(() => reg.get('b')).toThrow(/unknown prompt 'b'/);
  });

  it.each([
    ['no front matter', 'hello', /starts with front matter/],
    ['no id', '---\nversion: 1\n---\nx', /needs an 'id'/],
    ['no version', '---\nid: x\n---\nx', /needs a 'version'/],
  ])('rejects a file with %s', (_, text, err) => {
    expect(() => parsePromptFile(text, 'f.md')).toThrow(err);
  });

  it('rejects the same id@version twice', () => {
    expect(() =>
      createPromptRegistry(dirWith({ 'x/1.md': '---\nid: x\nversion: 1\n---\na', 'y/1.md': '---\nid: x\nversion: 1\n---\nb' })),
    ).toThrow(/defined twice/);
  });

  it('renders placeholders and refuses a missing value', () => {
    const p = parsePromptFile('---\nid: x\nversion: 1\n---\nHi {{ name }}, today is {{today}}.', 'f.md');
    expect(renderPrompt(p, { name: 'Ana', today: '2026-01-02' })).toBe('Hi Ana, today is 2026-01-02.');
    expect(() => renderPrompt(p, { name: 'Ana' })).toThrow(/\{\{today\}\}/);
  });

  it('loads the shipped prompts', () => {
    const p = createPromptRegistry().get('agent-system');
    expect(p.version).toMatch(/\d/);
    expect(p.template).toContain('{{datasource}}');
  });
});
