import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Campaign, CampaignFinding } from '../../../tools/campaigns/model';
import { useCan } from '../auth/session-context';
import { useT } from '../i18n/i18n';
import './campaigns.css';
import { EditorProvider, type EditorApi } from './editor-context';
import { ExportButtons } from './export-buttons';
import { GoogleSearchForm } from './google-search-form';
import { LinkedInForm } from './linkedin-form';
import { MetaForm } from './meta-form';
import { PmaxForm } from './pmax-form';
import { useCampaignEditor } from './use-campaign-editor';
import type { CampaignVersion } from './types';
import { VersionsPanel } from './versions-panel';

function PlatformForm({ campaign }: { campaign: Campaign }) {
  switch (campaign.platform) {
    case 'google_search':
      return <GoogleSearchForm />;
    case 'google_pmax':
      return <PmaxForm />;
    case 'linkedin':
      return <LinkedInForm />;
    case 'meta':
      return <MetaForm />;
  }
}

const noop = () => undefined;
const NO_LIMITS = {};

/** Every finding of the draft in one list, so none is missed (some are about no single field). */
function FindingsSummary({ findings }: { findings: readonly CampaignFinding[] }) {
  const t = useT();
  const errors = findings.filter((f) => f.severity === 'error').length;
  return (
    <details className={`findings-summary ${errors ? 'has-errors' : ''}`}>
      <summary aria-live="polite">{findings.length ? t('campaign.checks', { errors, warnings: findings.length - errors }) : t('campaign.checksPassed')}</summary>
      <ul>
        {findings.map((f, i) => (
          <li key={i} className={`finding finding-${f.severity}`}>
            {f.message} <code className="muted small-text">{f.field}</code>
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * The campaign editor (`/campaigns/:id`): every text a tiptap field with its counter and findings,
 * structure edits with their own undo, save with the version it is based on (a newer version saved
 * meanwhile is a choice, never overwritten silently), versions and exports.
 */
export function CampaignEditor({ id, onBack }: { id: string; onBack(): void }) {
  const t = useT();
  const mayEdit = useCan('editCampaigns');
  const ed = useCampaignEditor(id);
  const [viewing, setViewing] = useState<CampaignVersion | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const limits = ed.rules?.fields ?? NO_LIMITS;
  const editApi: EditorApi | null = useMemo(
    () => (ed.draft ? { campaign: ed.draft, findings: ed.findings, limits, readOnly: !mayEdit, edit: ed.edit, structural: ed.structural } : null),
    [ed.draft, ed.findings, limits, mayEdit, ed.edit, ed.structural],
  );
  const viewApi: EditorApi | null = useMemo(() => (viewing ? { campaign: viewing.campaign, findings: viewing.findings ?? [], limits, readOnly: true, edit: noop, structural: noop } : null), [viewing, limits]);

  if (ed.loadError)
    return (
      <div className="column campaign-page">
        <div className="notice error" role="alert">
          {ed.loadError}
          <button type="button" className="ghost small" onClick={ed.reload}>
            {t('message.retry')}
          </button>
        </div>
        <button type="button" className="ghost" onClick={onBack}>
          {t('campaign.backToList')}
        </button>
      </div>
    );
  if (!ed.record || !editApi) return <p className="column muted campaign-page">{t('campaign.loading')}</p>;

  const lastStep = ed.past.at(-1);
  const nextStep = ed.future.at(-1);
  // Mod-Z outside a text field undoes the last structural change (inside one, the field's own history answers).
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!(e.metaKey || e.ctrlKey) || e.key.toLowerCase() !== 'z' || target.closest('.ProseMirror, input, select, textarea')) return;
    e.preventDefault();
    if (e.shiftKey) ed.redo();
    else ed.undo();
  };

  return (
    <div className="column campaign-page" onKeyDown={onKeyDown}>
      <header className="campaign-head">
        <button type="button" className="ghost small" onClick={onBack}>
          {t('campaign.backToList')}
        </button>
        <h2 ref={heading} tabIndex={-1}>
          {ed.draft!.name || ed.record.name}
        </h2>
        <p className="muted small-text">
          {t(`campaign.platform.${ed.record.platform}`)} · {t('campaign.versions.version', { version: ed.record.version })}
          {ed.record.grounding.author === 'template' && ` · ${t('campaign.grounding.template')}`}
        </p>
        {ed.record.grounding.notes.length > 0 && (
          <ul className="grounding muted small-text">
            {ed.record.grounding.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
      </header>

      {ed.conflict && (
        <div className="notice warn conflict" role="alert">
          <p>{t('campaign.conflict.message', { version: ed.conflict.version, when: new Date(ed.conflict.updatedAt).toLocaleString() })}</p>
          <button type="button" className="ghost small" onClick={ed.loadTheirs}>
            {t('campaign.conflict.loadTheirs')}
          </button>
          <button type="button" className="small" onClick={ed.keepMine} disabled={ed.saving}>
            {t('campaign.conflict.keepMine')}
          </button>
        </div>
      )}
      {ed.restored && !ed.conflict && (
        <div className="notice" role="status">
          {t('campaign.restored')}
          <button type="button" className="ghost small" onClick={ed.discardRestored}>
            {t('campaign.discard')}
          </button>
        </div>
      )}

      <div className="campaign-toolbar" role="toolbar" aria-label={t('campaign.toolbar')}>
        {mayEdit && (
          <>
            <button type="button" className="ghost small" disabled={!lastStep} aria-label={lastStep ? t('campaign.undoLabel', { label: lastStep.label }) : t('campaign.undo')} onClick={ed.undo}>
              {t('campaign.undo')}
            </button>
            <button type="button" className="ghost small" disabled={!nextStep} aria-label={nextStep ? t('campaign.redoLabel', { label: nextStep.label }) : t('campaign.redo')} onClick={ed.redo}>
              {t('campaign.redo')}
            </button>
            <button type="button" className="small" disabled={!ed.dirty || ed.saving || ed.conflict !== null} onClick={() => ed.save()}>
              {ed.saving ? t('campaign.saving') : t('campaign.save')}
            </button>
            <span className="muted small-text" aria-live="polite">
              {ed.dirty ? t('campaign.unsaved') : ed.savedAt > 0 ? t('campaign.saved', { version: ed.record.version }) : ''}
            </span>
          </>
        )}
        <ExportButtons id={id} name={ed.record.name} platform={ed.record.platform} dirty={ed.dirty} />
      </div>
      {ed.saveError && (
        <div className="notice error" role="alert">
          {ed.saveError}
          <button type="button" className="ghost small" onClick={() => ed.save()}>
            {t('message.retry')}
          </button>
        </div>
      )}
      {ed.checkError && <p className="muted small-text">{ed.checkError}</p>}

      <FindingsSummary findings={ed.findings} />

      {viewing && viewApi ? (
        <section className="version-view" aria-label={t('campaign.versions.viewing', { version: viewing.version })}>
          <div className="notice" role="status">
            {t('campaign.versions.viewing', { version: viewing.version })}
            {mayEdit && (
              <button
                type="button"
                className="small"
                onClick={async () => {
                  if (ed.dirty && !window.confirm(t('campaign.versions.confirmRestore'))) return;
                  await ed.save(viewing.campaign);
                  setViewing(null);
                }}
              >
                {t('campaign.versions.restore')}
              </button>
            )}
            <button type="button" className="ghost small" onClick={() => setViewing(null)}>
              {t('campaign.versions.close')}
            </button>
          </div>
          <EditorProvider value={viewApi}>
            <PlatformForm campaign={viewing.campaign} />
          </EditorProvider>
        </section>
      ) : (
        <EditorProvider value={editApi}>
          <form className="campaign-form" onSubmit={(e) => e.preventDefault()} aria-label={t('campaign.formLabel')}>
            <PlatformForm campaign={ed.draft!} />
          </form>
        </EditorProvider>
      )}

      <VersionsPanel id={id} current={ed.record.version} refreshKey={ed.savedAt} onOpen={setViewing} />
    </div>
  );
}
