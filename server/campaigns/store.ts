import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { BrandKit, CampaignPlatform } from '../../tools/campaigns/model';
import { EMPTY_BRAND_KIT, type CampaignToolStore, type CampaignVersionInput, type CampaignWriteRefusal, type StoredCampaignVersion } from '../../tools/campaigns/store-types';
import { inTransaction } from '../store/transaction';

/**
 * Campaign drafts and their versions, and the workspace brand kits. A draft belongs to its
 * workspace: every query here names the workspace, so another workspace's id is simply not found.
 * A new version is written only on top of the version the writer read (compare-and-set on
 * `campaigns.version` in the same transaction as the version row): a hand edit and a chat edit
 * never overwrite each other; the later one is told what the current version is.
 */

export type VersionSource = 'draft' | 'chat' | 'hand';

export interface CampaignListRow {
  id: string;
  name: string;
  platform: CampaignPlatform;
  version: number;
  updatedAt: string;
  errors: number;
  warnings: number;
}

export interface CampaignVersionRow {
  version: number;
  source: VersionSource;
  summary: string;
  userId: string | null;
  createdAt: string;
  errors: number;
  warnings: number;
}

export type SaveResult = { ok: true; stored: StoredCampaignVersion } | CampaignWriteRefusal;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
const SEVERITY_COUNTS = `
  (SELECT count(*) FROM jsonb_array_elements(v.findings) f WHERE f->>'severity' = 'error')::int AS errors,
  (SELECT count(*) FROM jsonb_array_elements(v.findings) f WHERE f->>'severity' = 'warning')::int AS warnings`;
const VERSION_COLUMNS = `c.id, c.platform, c.name, v.version, v.campaign, v.findings, v.rules_version AS "rulesVersion", v.grounding,
  c.conversation_id AS "conversationId", c.updated_at AS "updatedAt"`;

function toStored(row: Record<string, unknown>): StoredCampaignVersion {
  return { ...(row as unknown as StoredCampaignVersion), updatedAt: iso(row.updatedAt) };
}

export function createCampaignStore(pool: pg.Pool) {
  async function get(workspaceId: string, id: string, version?: number, db: pg.Pool | pg.PoolClient = pool): Promise<StoredCampaignVersion | undefined> {
    const { rows } = await db.query(
      `SELECT ${VERSION_COLUMNS} FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = coalesce($3::int, c.version)
        WHERE c.id = $1 AND c.workspace_id = $2`,
      [id, workspaceId, version ?? null],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async function insertVersion(client: pg.PoolClient, id: string, version: number, input: CampaignVersionInput, source: VersionSource, userId: string) {
    await client.query(
      `INSERT INTO campaign_versions (campaign_id, version, campaign, findings, rules_version, grounding, source, summary, user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, version, JSON.stringify(input.campaign), JSON.stringify(input.findings), input.rulesVersion, JSON.stringify(input.grounding), source, input.summary, userId],
    );
  }

  const store = {
    async list(workspaceId: string, opts: { limit?: number } = {}): Promise<CampaignListRow[]> {
      const { rows } = await pool.query(
        `SELECT c.id, c.name, c.platform, c.version, c.updated_at AS "updatedAt", ${SEVERITY_COUNTS}
           FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id AND v.version = c.version
          WHERE c.workspace_id = $1 ORDER BY c.updated_at DESC, c.id LIMIT $2`,
        [workspaceId, opts.limit ?? 200],
      );
      return rows.map((r) => ({ ...r, updatedAt: iso(r.updatedAt) }));
    },

    get,

    async versions(workspaceId: string, id: string): Promise<CampaignVersionRow[] | undefined> {
      const { rows } = await pool.query(
        `SELECT v.version, v.source, v.summary, v.user_id AS "userId", v.created_at AS "createdAt", ${SEVERITY_COUNTS}
           FROM campaigns c JOIN campaign_versions v ON v.campaign_id = c.id
          WHERE c.id = $1 AND c.workspace_id = $2 ORDER BY v.version DESC`,
        [id, workspaceId],
      );
      if (!rows.length) return undefined;
      return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) }));
    },

    /** Stores a new draft as version 1. */
    async create(scope: { workspaceId: string; userId: string; conversationId: string | null }, input: CampaignVersionInput): Promise<StoredCampaignVersion> {
      const id = randomUUID();
      return inTransaction(pool, async (client) => {
        await client.query(`INSERT INTO campaigns (id, workspace_id, conversation_id, created_by, platform, name, version) VALUES ($1, $2, $3, $4, $5, $6, 1)`, [
          id,
          scope.workspaceId,
          scope.conversationId,
          scope.userId,
          input.campaign.platform,
          input.campaign.name,
        ]);
        await insertVersion(client, id, 1, input, 'draft', scope.userId);
        return (await get(scope.workspaceId, id, undefined, client))!;
      });
    },

    /**
     * Writes version `baseVersion + 1` if `baseVersion` is still the newest. The UPDATE … WHERE
     * version = base takes the row lock: of two writers on the same base, the second waits, then
     * finds the version moved on and writes nothing.
     */
    async saveVersion(scope: { workspaceId: string; userId: string }, id: string, baseVersion: number, input: CampaignVersionInput, source: Exclude<VersionSource, 'draft'>): Promise<SaveResult> {
      return inTransaction(pool, async (client) => {
        const moved = await client.query(
          `UPDATE campaigns SET version = version + 1, name = $4, updated_at = now() WHERE id = $1 AND workspace_id = $2 AND version = $3 AND platform = $5 RETURNING version`,
          [id, scope.workspaceId, baseVersion, input.campaign.name, input.campaign.platform],
        );
        if (!moved.rowCount) {
          const current = await get(scope.workspaceId, id, undefined, client);
          // Callers check the shape against the stored platform first; reaching here is a bug.
          if (current && current.platform !== input.campaign.platform) throw new Error(`a ${input.campaign.platform} campaign cannot become a version of a ${current.platform} draft`);
          return current ? { ok: false as const, reason: 'conflict' as const, current } : { ok: false as const, reason: 'not_found' as const };
        }
        await insertVersion(client, id, moved.rows[0].version, input, source, scope.userId);
        return { ok: true as const, stored: (await get(scope.workspaceId, id, undefined, client))! };
      });
    },

    async brandKit(workspaceId: string): Promise<BrandKit> {
      const { rows } = await pool.query<{ kit: BrandKit }>('SELECT kit FROM brand_kits WHERE workspace_id = $1', [workspaceId]);
      return rows[0]?.kit ?? EMPTY_BRAND_KIT;
    },

    async putBrandKit(scope: { workspaceId: string; userId: string }, kit: BrandKit): Promise<BrandKit> {
      const { rows } = await pool.query<{ kit: BrandKit }>(
        `INSERT INTO brand_kits (workspace_id, kit, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id) DO UPDATE SET kit = EXCLUDED.kit, updated_by = EXCLUDED.updated_by, updated_at = now() RETURNING kit`,
        [scope.workspaceId, JSON.stringify(kit), scope.userId],
      );
      return rows[0].kit;
    },

    /**
     * The tools' view, bound to one asker in one conversation. `canEdit` false (a viewer): drafts
     * are read, never written, whatever the model asks for.
     */
    forTool(binding: { workspaceId: string; userId: string; conversationId: string; canEdit: boolean }): CampaignToolStore {
      const readOnly = { ok: false as const, reason: 'forbidden' as const, message: 'Viewers can read campaign drafts but not create or change them; ask an admin for the analyst role.' };
      return {
        create: async (input) => (binding.canEdit ? { ok: true, stored: await store.create(binding, input) } : readOnly),
        get: (id) => get(binding.workspaceId, id),
        async latestInConversation() {
          const { rows } = await pool.query<{ id: string }>('SELECT id FROM campaigns WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY updated_at DESC, id LIMIT 1', [
            binding.workspaceId,
            binding.conversationId,
          ]);
          return rows[0] ? get(binding.workspaceId, rows[0].id) : undefined;
        },
        saveVersion: async (id, base, input) => (binding.canEdit ? store.saveVersion(binding, id, base, input, 'chat') : readOnly),
        brandKit: () => store.brandKit(binding.workspaceId),
      };
    },
  };
  return store;
}

export type CampaignStore = ReturnType<typeof createCampaignStore>;
