/** The rule set's version, recorded with every set of findings. Bump it with any change to a rule, a limit or a message. */
export const RULES_VERSION = '2026-12-03.1';
