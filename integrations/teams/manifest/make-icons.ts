// Draws the Teams app icons (color.png 192×192, outline.png 32×32 white on transparent) from SVG.
// Run: npx tsx integrations/teams/manifest/make-icons.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const here = dirname(fileURLToPath(import.meta.url));
const bubble = (fill: string) =>
  `<path d="M6 6h20a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H14l-6 5v-5H6a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" fill="${fill}"/>`;
const bars = (fill: string) => `<rect x="9" y="14" width="3" height="5" fill="${fill}"/><rect x="14.5" y="10" width="3" height="9" fill="${fill}"/><rect x="20" y="12" width="3" height="7" fill="${fill}"/>`;

const color = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="192" height="192"><rect width="32" height="32" fill="#4C78A8"/>${bubble('#ffffff')}${bars('#4C78A8')}</svg>`;
// Teams wants the outline icon white with a transparent background; the bars are cut out.
const outline = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><mask id="m"><rect width="32" height="32" fill="white"/>${bars('black')}</mask><g mask="url(#m)">${bubble('#ffffff')}</g></svg>`;

writeFileSync(join(here, 'color.png'), new Resvg(color).render().asPng());
writeFileSync(join(here, 'outline.png'), new Resvg(outline).render().asPng());
process.stdout.write('wrote color.png and outline.png\n');
