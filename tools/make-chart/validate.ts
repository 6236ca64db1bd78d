import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

export type SpecCheck = { ok: true } | { ok: false; error: string };

export interface SpecValidator {
  /** Checks a spec against the Vega-Lite v6 JSON schema and Parley's own rule: data inlined. */
  check(spec: unknown): SpecCheck;
}

/** Where a spec reaches outside itself (data or images by URL), as a JSON path; a chart's data must be inlined. */
export function externalReference(spec: unknown): string | undefined {
  return findUrl(spec, '');
}

function findUrl(v: unknown, path: string): string | undefined {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const hit = findUrl(x, `${path}/${i}`);
      if (hit) return hit;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'url' && typeof x === 'string') return `${path}/url`;
      if (k === 'values') continue;
      const hit = findUrl(x, `${path}/${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * Compiles the Vega-Lite schema once, on first use (about 2–3 s), so only processes that check a
 * model's spec pay for it.
 */
export function createSpecValidator(): SpecValidator {
  let validate: ValidateFunction | undefined;
  return {
    check(spec) {
      if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return { ok: false, error: 'the spec must be a JSON object' };
      if (!validate) {
        const require = createRequire(import.meta.url);
        const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as object;
        validate = new Ajv({ strict: false, validateFormats: false, allErrors: false }).compile(schema);
      }
      if (!validate(spec)) {
        const e = validate.errors?.[0];
        return { ok: false, error: `not a valid Vega-Lite v6 spec: ${e?.instancePath || '(top level)'} ${e?.message ?? ''}`.trim() };
      }
      const url = findUrl(spec, '');
      if (url) return { ok: false, error: `the spec loads from a URL (${url}); a chart's data must be inlined under data.values` };
      return { ok: true };
    },
  };
}
