import type { BrandKit, Campaign, CampaignFinding, CampaignGrounding, CampaignPlatform } from './model';

/**
 * What the campaign tools may do with stored drafts. Tools never import server/: the server
 * implements this (server/campaigns/store.ts), bound to the asker's workspace, user and
 * conversation, and hands it to each tool call as `ToolContext.campaigns`.
 */

/** One version of one stored draft, as the tools and the API read it. */
export interface StoredCampaignVersion {
  id: string;
  platform: CampaignPlatform;
  name: string;
  version: number;
  campaign: Campaign;
  findings: CampaignFinding[];
  rulesVersion: string;
  grounding: CampaignGrounding;
  conversationId: string | null;
  updatedAt: string;
}

/** A version to write: the draft, what the rules found in it, and in words what changed. */
export interface CampaignVersionInput {
  campaign: Campaign;
  findings: CampaignFinding[];
  rulesVersion: string;
  grounding: CampaignGrounding;
  summary: string;
}

/** Why a write did not happen: someone wrote a newer version first, or the asker may only read. */
export type CampaignWriteRefusal =
  | { ok: false; reason: 'conflict'; current: StoredCampaignVersion }
  | { ok: false; reason: 'forbidden'; message: string }
  | { ok: false; reason: 'not_found' };

export interface CampaignToolStore {
  /** Stores a new draft as version 1 (source 'draft'). */
  create(input: CampaignVersionInput): Promise<{ ok: true; stored: StoredCampaignVersion } | CampaignWriteRefusal>;
  /** A draft of the workspace by id (its newest version). */
  get(id: string): Promise<StoredCampaignVersion | undefined>;
  /** The draft this conversation touched last, if any. */
  latestInConversation(): Promise<StoredCampaignVersion | undefined>;
  /** Writes version `baseVersion + 1` (source 'chat') only if `baseVersion` is still the newest. */
  saveVersion(id: string, baseVersion: number, input: CampaignVersionInput): Promise<{ ok: true; stored: StoredCampaignVersion } | CampaignWriteRefusal>;
  /** The workspace's brand kit (an empty one in English when none is saved). */
  brandKit(): Promise<BrandKit>;
}

export const EMPTY_BRAND_KIT: BrandKit = { voice: '', bannedTerms: [], preferredTerms: [], requiredDisclaimers: [], trademarks: [], language: 'en' };
