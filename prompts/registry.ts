import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** A versioned prompt template: Markdown with front matter `id` and `version`. */
export interface Prompt {
  id: string;
  version: string;
  description?: string;
  template: string;
  file: string;
}

export interface PromptRegistry {
  /** The given version, or the highest one when no version is asked for. */
  get(id: string, version?: string): Prompt;
  list(): Prompt[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
export const PROMPTS_DIR = dirname(fileURLToPath(import.meta.url));

export function parsePromptFile(text: string, file: string): Prompt {
  const m = FRONT_MATTER.exec(text);
  if (!m) throw new Error(`${file}: a prompt starts with front matter (--- id, version ---)`);
  const meta = (parseYaml(m[1]) ?? {}) as Record<string, unknown>;
  if (typeof meta.id !== 'string' || !meta.id) throw new Error(`${file}: front matter needs an 'id'`);
  if (meta.version === undefined || meta.version === null || meta.version === '') {
    throw new Error(`${file}: front matter needs a 'version'`);
  }
  return {
    id: meta.id,
    version: String(meta.version),
    description: typeof meta.description === 'string' ? meta.description : undefined,
    template: m[2].trim(),
    file,
  };
}

function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return name.endsWith('.md') && name !== 'README.md' ? [p] : [];
  });
}

/** Loads every prompt under `dir` once; duplicate id@version pairs are an error. */
export function createPromptRegistry(dir: string = PROMPTS_DIR): PromptRegistry {
  const byId = new Map<string, Prompt[]>();
  for (const file of walk(dir)) {
    const p = parsePromptFile(readFileSync(file, 'utf8'), file);
    const list = byId.get(p.id) ?? [];
    if (list.some((q) => q.version === p.version)) throw new Error(`${file}: prompt ${p.id}@${p.version} is defined twice`);
    list.push(p);
    list.sort((a, b) => compareVersions(a.version, b.version));
    byId.set(p.id, list);
  }
  return {
    get(id, version) {
      const list = byId.get(id);
      if (!list?.length) throw new Error(`unknown prompt '${id}'; known: ${[...byId.keys()].join(', ') || 'none'}`);
      if (version === undefined) return list[list.length - 1];
      const p = list.find((q) => q.version === version);
      if (!p) throw new Error(`unknown version ${version} of prompt '${id}'; known: ${list.map((q) => q.version).join(', ')}`);
      return p;
    },
    list: () => [...byId.values()].flat(),
  };
}

/** Fills `{{name}}` placeholders; a placeholder without a value is an error, not a silent blank. */
export function renderPrompt(prompt: Prompt, vars: Record<string, string | number>): string {
  return prompt.template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`prompt ${prompt.id}@${prompt.version} needs a value for {{${name}}}`);
    return String(vars[name]);
  });
}
