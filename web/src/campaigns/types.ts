import type { Campaign, CampaignFinding, CampaignGrounding, CampaignPlatform } from '../../../tools/campaigns/model';

/** `GET /api/campaigns` rows. */
export interface CampaignSummary {
  id: string;
  name: string;
  platform: CampaignPlatform;
  version: number;
  updatedAt: string;
  errors: number;
  warnings: number;
}

/** `GET /api/campaigns/:id` and what PATCH answers. */
export interface CampaignRecord {
  id: string;
  name: string;
  platform: CampaignPlatform;
  version: number;
  campaign: Campaign;
  findings: CampaignFinding[];
  rulesVersion: string;
  grounding: CampaignGrounding;
  updatedAt: string;
  conversationId: string | null;
}

export interface CampaignVersionInfo {
  version: number;
  source: 'draft' | 'chat' | 'hand';
  summary: string;
  userId: string | null;
  createdAt: string;
  errors: number;
  warnings: number;
}

/** `GET /api/campaigns/:id/versions/:version`: one stored version (at least its campaign). */
export interface CampaignVersion extends Partial<CampaignVersionInfo> {
  version: number;
  campaign: Campaign;
  findings?: CampaignFinding[];
}

/**
 * A text field kind's limit as the platform counts it (`GET /api/campaigns/rules`): `max` is what
 * the platform rejects past; `warnAt` where it cuts the text off on screen (Meta has only that).
 */
export interface FieldLimit {
  max?: number;
  warnAt?: number;
  countDoubleWidth: boolean;
  rule?: string;
  warnRule?: string;
}

export interface CampaignRules {
  rulesVersion: string;
  fields: Record<string, FieldLimit>;
}

/** The export formats each platform's bulk tool imports, and JSON for everything. */
export const EXPORT_FORMATS: Record<CampaignPlatform, readonly ExportFormat[]> = {
  google_search: ['google-ads-editor', 'json'],
  google_pmax: ['google-ads-editor', 'json'],
  meta: ['meta-ads-manager', 'json'],
  linkedin: ['linkedin', 'json'],
};
export type ExportFormat = 'google-ads-editor' | 'meta-ads-manager' | 'linkedin' | 'json';
