import { en, type Catalogue } from './en';

/** Languages the app can show; French (`fr`) and Kinyarwanda (`rw`) are added here as `fr.ts`, `rw.ts`. */
export const CATALOGUES: Record<string, Catalogue> = { en };
export const DEFAULT_LOCALE = 'en';

/** The first of the browser's preferred languages we have a catalogue for. */
export function pickLocale(preferred: readonly string[]): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (CATALOGUES[base]) return base;
  }
  return DEFAULT_LOCALE;
}
