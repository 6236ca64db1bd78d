import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes a folder and everything under it readable by its owner only (folders 0700, files 0600):
 * the embedded database holds every conversation and the sealed connection strings. Symlinks are
 * left alone (chmod would follow them out of the folder).
 */
export function tightenTree(dir: string): void {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st || st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    if ((st.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) tightenTree(join(dir, name));
  } else if (st.isFile() && (st.mode & 0o077) !== 0) {
    chmodSync(dir, st.mode & 0o700);
  }
}
