/** A suite after loading: every string filled in, every assertion validated, every location kept. */
export interface LoadedAssertion {
  type: string;
  config: unknown;
  /** file:line of the assertion, for reports. */
  at: string;
}

export interface LoadedCase {
  id: string;
  description?: string;
  tags: string[];
  turns: string[];
  datasource?: string;
  /** Absolute path of the fixture file. */
  fixture?: string;
  workspace?: string;
  /** Absolute paths of the files attached to the first question. */
  files: string[];
  assertions: LoadedAssertion[];
  at: string;
}

export interface LoadedSuite {
  name: string;
  file: string;
  description?: string;
  tags: string[];
  requires: { tools: string[] };
  now?: string;
  cases: LoadedCase[];
  /** file:line of `requires`, `datasource` and `fixture` keys, for errors found later. */
  locations: Record<string, string>;
}
