import { z } from 'zod';
import type { BrandKit } from '../../tools/campaigns/model';

/** Request bodies and queries of the campaign and brand-kit routes. */

export const BRAND_LIMITS = { terms: 200, termLength: 100, disclaimers: 20, disclaimerLength: 500, voiceLength: 2_000 } as const;

const term = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(BRAND_LIMITS.termLength, `${what} must be at most ${BRAND_LIMITS.termLength} characters`);
const terms = (what: string) => z.array(term(what)).max(BRAND_LIMITS.terms, `at most ${BRAND_LIMITS.terms} ${what}s`);

export const brandKitSchema = z
  .object({
    voice: z.string().trim().max(BRAND_LIMITS.voiceLength, `voice must be at most ${BRAND_LIMITS.voiceLength} characters`).default(''),
    bannedTerms: terms('banned term').default([]),
    preferredTerms: z
      .array(z.object({ use: term('preferred term'), insteadOf: term('replaced term') }).strict())
      .max(BRAND_LIMITS.terms, `at most ${BRAND_LIMITS.terms} preferred terms`)
      .default([]),
    requiredDisclaimers: z
      .array(
        z
          .object({
            text: z.string().trim().min(1, 'a disclaimer must not be empty').max(BRAND_LIMITS.disclaimerLength, `a disclaimer must be at most ${BRAND_LIMITS.disclaimerLength} characters`),
            where: z.enum(['any_description', 'every_ad', 'primary_text']),
          })
          .strict(),
      )
      .max(BRAND_LIMITS.disclaimers, `at most ${BRAND_LIMITS.disclaimers} disclaimers`)
      .default([]),
    trademarks: terms('trademark').default([]),
    language: z.string().regex(/^[a-z]{2}$/, 'language must be an ISO 639-1 code such as en or fr'),
  })
  .strict() satisfies z.ZodType<BrandKit, unknown>;

export const patchBody = z.object({ baseVersion: z.number().int().min(1), campaign: z.unknown() }).strict();
export const checkBody = z.object({ campaign: z.unknown() }).strict();
export const versionParam = z.coerce.number().int().min(1).max(1_000_000);
