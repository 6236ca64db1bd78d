import type { ConnectorKind, SyncContext } from '../../../../server/connectors/types';
import { frameworkIO, withGroupedErrors } from '../framework-io';
import { DEFAULT_RETRY, type RetryPolicy } from '../http';
import { asBadCredentials } from '../kind-errors';
import { LINKEDIN_API_BASE, LinkedInApi, linkedinCredentials, type LinkedInCredentials } from './api';
import { syncLinkedIn } from './sync';

export interface SocialKindOptions {
  retry?: Partial<RetryPolicy>;
  now?: () => number;
}

/** The LinkedIn organisation page connector (kind `linkedin`). */
export function createLinkedInKind(opts: SocialKindOptions = {}): ConnectorKind<LinkedInCredentials> {
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  return {
    kind: 'linkedin',
    label: 'LinkedIn page',
    category: 'social',
    credentials: linkedinCredentials,
    fields: [
      { name: 'organizationId', label: 'Organisation id', secret: false, placeholder: '2414183', help: 'The number in urn:li:organization:<id> (the page admin URL shows it).' },
      { name: 'accessToken', label: 'Access token', secret: true, help: '3-legged OAuth token of a page ADMINISTRATOR with the rw_organization_admin scope.' },
      { name: 'refreshToken', label: 'Refresh token', secret: true, optional: true, help: 'Lets Parley renew the access token when it expires; without it you reconnect every 60 days.' },
      { name: 'clientId', label: 'App client id', secret: false, optional: true, help: 'Needed with the refresh token.' },
      { name: 'clientSecret', label: 'App client secret', secret: true, optional: true, help: 'Needed with the refresh token.' },
    ],
    defaultApiBase: LINKEDIN_API_BASE,
    streams: [
      { name: 'account', table: 'social_accounts_synced' },
      { name: 'posts', table: 'social_posts_synced' },
      { name: 'daily', table: 'social_daily_metrics_synced' },
    ],
    async test(credentials, apiBase, signal) {
      const api = new LinkedInApi({ credentials, apiBase, retry: { ...retry, attempts: Math.min(retry.attempts, 3) }, signal, now: opts.now });
      try {
        const o = await api.get<{ localizedName?: string; vanityName?: string }>(`organizations/${credentials.organizationId}`);
        return { accountName: o.localizedName ?? o.vanityName ?? `LinkedIn organisation ${credentials.organizationId}` };
      } catch (e) {
        throw asBadCredentials(e);
      }
    },
    sync(ctx: SyncContext<LinkedInCredentials>) {
      const api = new LinkedInApi({ credentials: ctx.credentials, apiBase: ctx.connector.apiBase, retry, signal: ctx.signal, onCredentials: ctx.saveCredentials, now: opts.now });
      return withGroupedErrors({}, () => syncLinkedIn(api, frameworkIO(ctx, {}), { organizationId: ctx.credentials.organizationId, now: opts.now }));
    },
  };
}
