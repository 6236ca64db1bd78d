import { fileURLToPath } from 'node:url';

/** The repository's own copies of real files (evals/datasets), found from this source file. */
export const datasetPath = (...parts: string[]) => fileURLToPath(new URL(`../../evals/datasets/${parts.join('/')}`, import.meta.url));
