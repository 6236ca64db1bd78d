import type { ConnectorKind } from '../../../../server/connectors/types';
import { frameworkIO, withGroupedErrors, type StreamGroups } from '../framework-io';
import { DEFAULT_RETRY } from '../http';
import { asBadCredentials } from '../kind-errors';
import type { SocialKindOptions } from '../linkedin/index';
import { GRAPH_API_BASE, MetaApi, metaCredentials, type MetaCredentials } from './api';
import { syncMeta } from './sync';

/** Facebook and Instagram rows share tables; the framework counts them under one stream per table. */
const GROUPS: StreamGroups = {
  facebook_posts: 'posts',
  instagram_media: 'posts',
  facebook_daily: 'daily',
  instagram_daily: 'daily',
};

/** The Meta connector (kind `meta`): a Facebook Page and the Instagram professional account linked to it. */
export function createMetaKind(opts: SocialKindOptions = {}): ConnectorKind<MetaCredentials> {
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  return {
    kind: 'meta',
    label: 'Facebook page + Instagram',
    category: 'social',
    credentials: metaCredentials,
    fields: [
      { name: 'pageId', label: 'Page id', secret: false, placeholder: '104857600000001' },
      { name: 'pageAccessToken', label: 'Page access token', secret: true, help: 'A long-lived Page token (from /me/accounts) of someone with the ANALYZE task: pages_show_list, pages_read_engagement, read_insights, instagram_basic, instagram_manage_insights.' },
      { name: 'appSecret', label: 'App secret', secret: true, optional: true, help: 'Signs every call (appsecret_proof) when your app requires it.' },
      { name: 'instagramUserId', label: 'Instagram account id', secret: false, optional: true, help: 'Read from the Page when empty; "none" skips Instagram.' },
    ],
    defaultApiBase: GRAPH_API_BASE,
    streams: [
      { name: 'accounts', table: 'social_accounts_synced' },
      { name: 'posts', table: 'social_posts_synced' },
      { name: 'daily', table: 'social_daily_metrics_synced' },
    ],
    async test(credentials, apiBase, signal) {
      const api = new MetaApi({ credentials, apiBase, retry: { ...retry, attempts: Math.min(retry.attempts, 3) }, signal });
      try {
        const page = await api.get<{ name?: string }>(credentials.pageId, { fields: 'id,name' });
        return { accountName: page.name ?? `Facebook Page ${credentials.pageId}` };
      } catch (e) {
        throw asBadCredentials(e);
      }
    },
    sync(ctx) {
      const api = new MetaApi({ credentials: ctx.credentials, apiBase: ctx.connector.apiBase, retry, signal: ctx.signal });
      return withGroupedErrors(GROUPS, () =>
        syncMeta(api, frameworkIO(ctx, GROUPS), { pageId: ctx.credentials.pageId, instagramUserId: ctx.credentials.instagramUserId, now: opts.now }),
      );
    },
  };
}
