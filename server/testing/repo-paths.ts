/**
 * Paths that only exist on one machine, or beside one checkout: a fresh clone has neither.
 * System locations a program may look in (`/usr/bin/chromium`, `/usr/share/fonts`) are fine;
 * so are URLs, whose paths follow a host name. Written with escaped slashes so this file does
 * not match itself.
 */
const PATTERNS: RegExp[] = [
  // The folder the team keeps beside the checkout.
  /\.\.\/shared\//g,
  // Absolute paths of this kind of machine (not preceded by a host, a word or another path).
  /(?<![\w.:/~-])\/(?:work|farm|root|tmp)\//g,
  // Someone's home folder.
  /(?<![\w.:/~-])\/(?:home|Users)\/[\w.-]+\//g,
];

export interface MachinePathHit {
  line: number;
  match: string;
}

/** Where `text` names a path outside the repository that a fresh clone would not have. */
export function machinePathsIn(text: string): MachinePathHit[] {
  const hits: (MachinePathHit & { at: number })[] = [];
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      hits.push({ at, line: text.slice(0, at).split('\n').length, match: m[0] });
    }
  }
  return hits.sort((a, b) => a.at - b.at).map(({ line, match }) => ({ line, match }));
}
