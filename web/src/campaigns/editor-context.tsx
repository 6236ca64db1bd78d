import { createContext, useContext } from 'react';
import type { Campaign, CampaignFinding } from '../../../tools/campaigns/model';
import type { FieldLimit } from './types';

/** What every field of the editor reads and how it changes the draft. */
export interface EditorApi {
  campaign: Campaign;
  findings: readonly CampaignFinding[];
  limits: Record<string, FieldLimit>;
  readOnly: boolean;
  /** Changes one value (typing): undone by the field's own history, not the editor's. */
  edit(pointer: string, value: unknown): void;
  /** Changes the structure (add, remove, move, pin): one step of the editor's undo, named by `label`. */
  structural(label: string, change: (c: Campaign) => Campaign): void;
}

const EditorContext = createContext<EditorApi | null>(null);
export const EditorProvider = EditorContext.Provider;

export function useEditorApi(): EditorApi {
  const api = useContext(EditorContext);
  if (!api) throw new Error('campaign fields are used inside the campaign editor');
  return api;
}

/**
 * The findings about the text at `pointer`: by text id when the finding names one (so a finding
 * follows its headline when headlines are reordered before the next check), else by path.
 */
export function findingsAt(findings: readonly CampaignFinding[], pointer: string, textId?: string): CampaignFinding[] {
  return findings.filter((f) => (f.textId && textId ? f.textId === textId : f.field === pointer || f.field === `${pointer}/text`));
}

/** A DOM id from a pointer (`/adGroups/0/name` → `f-adGroups-0-name`). */
export const domId = (pointer: string) => `f${pointer.replace(/[^\w]+/g, '-')}`;
