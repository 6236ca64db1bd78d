import type { Config } from '../../server/config';
import { csvDownloadUrl, signedQuery } from '../../server/http/signed-links';

export const CHART_PNG_PATH = '/api/teams/charts';

export interface ArtifactLinks {
  csv(artifactId: string): string;
  chartPng(artifactId: string): string;
}

/** Where people reach this server: PARLEY_PUBLIC_URL, else the address it listens on. */
export function baseUrl(config: Pick<Config, 'publicUrl' | 'host'>, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

/** Signed, expiring links to an artifact's CSV and chart image, for cards posted in Teams. */
export function createArtifactLinks(o: { key: Buffer; base: () => string; ttlSeconds: number; now?: () => Date }): ArtifactLinks {
  const now = o.now ?? (() => new Date());
  return {
    csv: (artifactId) => csvDownloadUrl({ key: o.key, baseUrl: o.base(), artifactId, ttlSeconds: o.ttlSeconds, now: now() }),
    chartPng(artifactId) {
      const expires = Math.floor(now().getTime() / 1000) + o.ttlSeconds;
      return `${o.base()}${CHART_PNG_PATH}/${encodeURIComponent(artifactId)}.png?${signedQuery(o.key, { purpose: 'png', artifactId, expires })}`;
    },
  };
}
