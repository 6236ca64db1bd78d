import { useCallback, useEffect, useRef, useState } from 'react';
import type { Campaign, CampaignFinding } from '../../../tools/campaigns/model';
import { useT } from '../i18n/i18n';
import { ApiError, api } from '../lib/api';
import { carryTexts, setAt } from './campaign-ops';
import { clearDrafts, loadDraft, saveDraft } from './draft-storage';
import type { CampaignRecord, CampaignRules } from './types';

/** How long typing pauses before the draft is checked against the rules and the brand kit. */
export const CHECK_DEBOUNCE_MS = 400;

interface Step {
  label: string;
  campaign: Campaign;
}

const path = (id: string) => `/campaigns/${encodeURIComponent(id)}`;
const messageOf = (e: unknown, fallback: string) => (e instanceof ApiError && e.message && e.code !== 'network' ? e.message : fallback);

/**
 * The editor's state: the saved record, the draft being edited, its findings (checked as the
 * person types), the editor-level undo of structural changes, saving with the version it was
 * based on, and the conflict when someone saved a newer one meanwhile.
 */
export function useCampaignEditor(id: string) {
  const t = useT();
  const [record, setRecord] = useState<CampaignRecord | null>(null);
  const [draft, setDraft] = useState<Campaign | null>(null);
  const [findings, setFindings] = useState<CampaignFinding[]>([]);
  const [rules, setRules] = useState<CampaignRules | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [past, setPast] = useState<Step[]>([]);
  const [future, setFuture] = useState<Step[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<CampaignRecord | null>(null);
  const [restored, setRestored] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState(0);
  const live = useRef({ record, draft });
  live.current = { record, draft };

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const rec = await api<CampaignRecord>(path(id));
      const kept = loadDraft(id);
      setRecord(rec);
      setPast([]);
      setFuture([]);
      if (kept && kept.baseVersion === rec.version) {
        setDraft(kept.campaign);
        setRestored(true);
      } else if (kept && kept.baseVersion < rec.version) {
        // Typed on an older version that someone has since replaced: the person chooses.
        setDraft(kept.campaign);
        setConflict(rec);
      } else {
        setDraft(rec.campaign);
        setFindings(rec.findings);
      }
      api<CampaignRules>(`/campaigns/rules?platform=${encodeURIComponent(rec.platform)}`)
        .then(setRules)
        .catch(() => setRules(null));
    } catch (e) {
      setLoadError(e instanceof ApiError && e.status === 404 ? t('campaign.notFound') : t('campaign.loadFailed', { message: messageOf(e, t('error.network')) }));
    }
  }, [id, t]);
  useEffect(() => void load(), [load]);

  const dirty = record !== null && draft !== null && draft !== record.campaign;

  // Keep unsaved words in the browser, so neither a reload nor a failed save loses them.
  useEffect(() => {
    if (!record || !draft) return;
    if (dirty) saveDraft(id, record.version, draft);
  }, [id, record, draft, dirty]);

  // Check the draft as the person types (debounced); an older answer never replaces a newer one.
  const checkSeq = useRef(0);
  useEffect(() => {
    if (!record || !draft || draft === record.campaign) return;
    const seq = ++checkSeq.current;
    const timer = setTimeout(async () => {
      try {
        const res = await api<{ findings: CampaignFinding[]; rulesVersion: string }>('/campaigns/check', { method: 'POST', body: { campaign: draft } });
        if (seq !== checkSeq.current) return;
        setFindings(res.findings);
        setCheckError(null);
      } catch (e) {
        if (seq === checkSeq.current) setCheckError(t('campaign.checkFailed', { message: messageOf(e, t('error.network')) }));
      }
    }, CHECK_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, record, t]);

  const edit = useCallback((pointer: string, value: unknown) => setDraft((d) => (d ? setAt(d, pointer, value) : d)), []);

  const structural = useCallback((label: string, change: (c: Campaign) => Campaign) => {
    const current = live.current.draft;
    if (!current) return;
    setPast((p) => [...p, { label, campaign: current }]);
    setFuture([]);
    setDraft(change(current));
  }, []);

  const undo = useCallback(() => {
    const current = live.current.draft;
    const step = past.at(-1);
    if (!current || !step) return;
    setPast(past.slice(0, -1));
    setFuture((f) => [...f, { label: step.label, campaign: current }]);
    setDraft(carryTexts(current, step.campaign));
  }, [past]);

  const redo = useCallback(() => {
    const current = live.current.draft;
    const step = future.at(-1);
    if (!current || !step) return;
    setFuture(future.slice(0, -1));
    setPast((p) => [...p, { label: step.label, campaign: current }]);
    setDraft(carryTexts(current, step.campaign));
  }, [future]);

  /** Saves `campaign` (the draft by default) as a new version on top of `baseVersion`. */
  const save = useCallback(
    async (campaign?: Campaign, baseVersion?: number) => {
      const { record: rec, draft: current } = live.current;
      const sent = campaign ?? current;
      if (!rec || !sent) return;
      setSaving(true);
      setSaveError(null);
      try {
        const next = await api<CampaignRecord>(path(id), { method: 'PATCH', body: { baseVersion: baseVersion ?? rec.version, campaign: sent } });
        clearDrafts(id);
        setRecord(next);
        setConflict(null);
        setRestored(false);
        setSavedAt((n) => n + 1);
        // Words typed while the save was on their way stay the draft; otherwise show what was stored.
        setDraft((d) => (d === current || d === sent ? next.campaign : d));
        if (live.current.draft === current || live.current.draft === sent) setFindings(next.findings);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'campaign:conflict') {
          try {
            setConflict(await api<CampaignRecord>(path(id)));
          } catch (again) {
            setSaveError(t('campaign.saveFailed', { message: messageOf(again, t('error.network')) }));
          }
        } else {
          setSaveError(t('campaign.saveFailed', { message: messageOf(e, t('error.network')) }));
        }
      } finally {
        setSaving(false);
      }
    },
    [id, t],
  );

  /** Conflict: drop my edits and take the newer version. */
  const loadTheirs = useCallback(() => {
    if (!conflict) return;
    clearDrafts(id);
    setRecord(conflict);
    setDraft(conflict.campaign);
    setFindings(conflict.findings);
    setPast([]);
    setFuture([]);
    setConflict(null);
    setRestored(false);
  }, [conflict, id]);

  /** Conflict: save my draft over the newer version, knowingly. */
  const keepMine = useCallback(async () => {
    if (!conflict) return;
    await save(undefined, conflict.version);
  }, [conflict, save]);

  const discardRestored = useCallback(() => {
    if (!record) return;
    clearDrafts(id);
    setDraft(record.campaign);
    setFindings(record.findings);
    setRestored(false);
  }, [id, record]);

  return { record, draft, findings, rules, loadError, reload: load, dirty, edit, structural, undo, redo, past, future, save, saving, saveError, conflict, loadTheirs, keepMine, restored, discardRestored, checkError, savedAt };
}
