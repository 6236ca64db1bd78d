import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expects letters, digits, dots, dashes or underscores (a stable name)');
const vars = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
/** An assertion is `type` plus the keys that type takes; each type validates its own keys. */
const assertion = z.object({ type: z.string({ message: 'expects an assertion type, e.g. `type: contains`' }) }).passthrough();

const target = {
  /** A datasource name as chat:send takes it (e.g. the demo warehouse). */
  datasource: z.string().min(1).optional(),
  /** A .sql file (relative to the suite) creating tables the case asks about; it becomes the case's datasource. */
  fixture: z.string().min(1).optional(),
  /** The workspace the case runs in (default: the local workspace). */
  workspace: z.string().min(1).optional(),
  /**
   * Files (relative to the suite) uploaded and attached to the case's first question. Their
   * absolute paths are the variables {{file1}}, {{file2}}… (for gold SQL that reads them itself).
   */
  files: z.array(z.string().min(1)).min(1).optional(),
};

export const caseSchema = z
  .object({
    id: name,
    description: z.string().optional(),
    tags: z.array(z.string()).optional(),
    vars: vars.optional(),
    /** One user turn; shorthand for `turns: [question]`. */
    question: z.string().min(1).optional(),
    /** The user's turns, sent one after another in the same conversation. */
    turns: z.array(z.string().min(1)).min(1).optional(),
    assert: z.array(assertion).min(1, 'expects at least one assertion'),
    ...target,
  })
  .strict()
  .refine((c) => Boolean(c.question) !== Boolean(c.turns), { message: 'give exactly one of `question` or `turns`' })
  .refine((c) => !(c.datasource && c.fixture), { message: 'give `datasource` or `fixture`, not both' });

export const suiteSchema = z
  .object({
    suite: name.optional(),
    description: z.string().optional(),
    tags: z.array(z.string()).optional(),
    /** Tools the suite needs in the tool registry; a missing one is reported before any case runs. */
    requires: z.object({ tools: z.array(z.string()).optional() }).strict().optional(),
    vars: vars.optional(),
    /** The clock the runtime sees (ISO time); fixed so prompts and cassettes stay the same every day. */
    now: z.iso.datetime({ offset: true, message: 'expects an ISO time such as 2026-06-30T12:00:00Z' }).optional(),
    /** Assertions added to every case. */
    assert: z.array(assertion).optional(),
    cases: z.array(z.unknown()).min(1, 'expects at least one case'),
    ...target,
  })
  .strict()
  .refine((s) => !(s.datasource && s.fixture), { message: 'give `datasource` or `fixture`, not both' });

export type RawCase = z.infer<typeof caseSchema>;
export type RawSuite = z.infer<typeof suiteSchema>;
