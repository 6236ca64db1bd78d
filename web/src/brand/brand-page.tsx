import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { BrandKit } from '../../../tools/campaigns/model';
import { useT } from '../i18n/i18n';
import { ApiError, api } from '../lib/api';
import '../campaigns/campaigns.css';

type Where = BrandKit['requiredDisclaimers'][number]['where'];
const WHERE: readonly Where[] = ['any_description', 'every_ad', 'primary_text'];

const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

interface Form {
  voice: string;
  banned: string;
  preferred: { use: string; insteadOf: string }[];
  disclaimers: { text: string; where: Where }[];
  trademarks: string;
  language: string;
}

const toForm = (kit: BrandKit): Form => ({
  voice: kit.voice,
  banned: kit.bannedTerms.join('\n'),
  preferred: kit.preferredTerms.map((p) => ({ ...p })),
  disclaimers: kit.requiredDisclaimers.map((d) => ({ ...d })),
  trademarks: kit.trademarks.join('\n'),
  language: kit.language,
});

// Empty rows are the ones a person added and did not fill: they are not part of the kit.
const toKit = (f: Form): BrandKit => ({
  voice: f.voice.trim(),
  bannedTerms: lines(f.banned),
  preferredTerms: f.preferred.map((p) => ({ use: p.use.trim(), insteadOf: p.insteadOf.trim() })).filter((p) => p.use || p.insteadOf),
  requiredDisclaimers: f.disclaimers.map((d) => ({ text: d.text.trim(), where: d.where })).filter((d) => d.text),
  trademarks: lines(f.trademarks),
  language: f.language.trim(),
});

/** `/brand`: the workspace's brand kit, which every drafted or edited text is checked against. */
export function BrandPage({ onBack, readOnly = false }: { onBack(): void; readOnly?: boolean }) {
  const t = useT();
  const uid = useId();
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setForm(toForm(await api<BrandKit>('/brand')));
    } catch (e) {
      setLoadError(t('brand.loadFailed', { message: e instanceof ApiError && e.message && e.code !== 'network' ? e.message : t('error.network') }));
    }
  }, [t]);
  useEffect(() => void load(), [load]);
  useEffect(() => heading.current?.focus(), []);

  const change = (patch: Partial<Form>) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, ...patch } : f));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setSaveError(null);
    setSaved(false);
    try {
      setForm(toForm(await api<BrandKit>('/brand', { method: 'PUT', body: toKit(form) })));
      setSaved(true);
    } catch (err) {
      // The form stays as typed, so the person fixes what the message names and saves again.
      setSaveError(t('brand.saveFailed', { message: err instanceof ApiError && err.message && err.code !== 'network' ? err.message : t('error.network') }));
      setTimeout(() => errorRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  const id = (name: string) => `${uid}-${name}`;
  return (
    <div className="column campaign-page brand-page">
      <button type="button" className="ghost small" onClick={onBack}>
        {t('members.back')}
      </button>
      <h2 ref={heading} tabIndex={-1}>
        {t('brand.title')}
      </h2>
      <p className="muted">{t('brand.intro')}</p>
      {readOnly && <p className="notice">{t('brand.readOnly')}</p>}
      {loadError && (
        <div className="notice error" role="alert">
          {loadError}
          <button type="button" className="ghost small" onClick={load}>
            {t('message.retry')}
          </button>
        </div>
      )}
      {!form && !loadError && <p className="muted">{t('campaign.loading')}</p>}
      {form && (
        <form className="brand-form" onSubmit={submit}>
          <fieldset disabled={readOnly || busy}>
            <div className="setting">
              <label htmlFor={id('voice')}>{t('brand.voice')}</label>
              <textarea id={id('voice')} rows={3} value={form.voice} onChange={(e) => change({ voice: e.target.value })} />
            </div>
            <div className="setting">
              <label htmlFor={id('language')}>{t('brand.language')}</label>
              <input id={id('language')} value={form.language} aria-describedby={id('language-hint')} onChange={(e) => change({ language: e.target.value })} />
              <span id={id('language-hint')} className="muted small-text">
                {t('brand.languageHint')}
              </span>
            </div>
            <div className="setting">
              <label htmlFor={id('banned')}>{t('brand.banned')}</label>
              <textarea id={id('banned')} rows={4} value={form.banned} aria-describedby={id('lines-hint')} onChange={(e) => change({ banned: e.target.value })} />
            </div>
            <div className="setting">
              <label htmlFor={id('trademarks')}>{t('brand.trademarks')}</label>
              <textarea id={id('trademarks')} rows={3} value={form.trademarks} aria-describedby={id('lines-hint')} onChange={(e) => change({ trademarks: e.target.value })} />
            </div>
            <p id={id('lines-hint')} className="muted small-text">
              {t('brand.linesHint')}
            </p>

            <fieldset className="brand-rows">
              <legend>{t('brand.preferred')}</legend>
              {form.preferred.map((p, i) => (
                <div key={i} className="settings-row">
                  <div className="setting">
                    <label htmlFor={id(`use-${i}`)}>{t('brand.use', { n: i + 1 })}</label>
                    <input id={id(`use-${i}`)} value={p.use} onChange={(e) => change({ preferred: form.preferred.map((x, j) => (j === i ? { ...x, use: e.target.value } : x)) })} />
                  </div>
                  <div className="setting">
                    <label htmlFor={id(`instead-${i}`)}>{t('brand.insteadOf', { n: i + 1 })}</label>
                    <input id={id(`instead-${i}`)} value={p.insteadOf} onChange={(e) => change({ preferred: form.preferred.map((x, j) => (j === i ? { ...x, insteadOf: e.target.value } : x)) })} />
                  </div>
                  <button type="button" className="ghost small" aria-label={t('brand.removePreferred', { n: i + 1 })} onClick={() => change({ preferred: form.preferred.filter((_, j) => j !== i) })}>
                    ✕
                  </button>
                </div>
              ))}
              <button type="button" className="ghost small" onClick={() => change({ preferred: [...form.preferred, { use: '', insteadOf: '' }] })}>
                {t('brand.addPreferred')}
              </button>
            </fieldset>

            <fieldset className="brand-rows">
              <legend>{t('brand.disclaimers')}</legend>
              {form.disclaimers.map((d, i) => (
                <div key={i} className="settings-row">
                  <div className="setting grow">
                    <label htmlFor={id(`disclaimer-${i}`)}>{t('brand.disclaimer', { n: i + 1 })}</label>
                    <input id={id(`disclaimer-${i}`)} value={d.text} onChange={(e) => change({ disclaimers: form.disclaimers.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />
                  </div>
                  <div className="setting">
                    <label htmlFor={id(`where-${i}`)}>{t('brand.where', { n: i + 1 })}</label>
                    <select id={id(`where-${i}`)} value={d.where} onChange={(e) => change({ disclaimers: form.disclaimers.map((x, j) => (j === i ? { ...x, where: e.target.value as Where } : x)) })}>
                      {WHERE.map((w) => (
                        <option key={w} value={w}>
                          {t(`brand.where.${w}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="button" className="ghost small" aria-label={t('brand.removeDisclaimer', { n: i + 1 })} onClick={() => change({ disclaimers: form.disclaimers.filter((_, j) => j !== i) })}>
                    ✕
                  </button>
                </div>
              ))}
              <button type="button" className="ghost small" onClick={() => change({ disclaimers: [...form.disclaimers, { text: '', where: 'every_ad' }] })}>
                {t('brand.addDisclaimer')}
              </button>
            </fieldset>

            {saveError && (
              <div ref={errorRef} tabIndex={-1} className="notice error" role="alert">
                {saveError}
              </div>
            )}
            {!readOnly && (
              <button type="submit" disabled={busy}>
                {busy ? t('campaign.saving') : t('brand.save')}
              </button>
            )}
            <span role="status" className="muted small-text">
              {saved ? t('brand.saved') : ''}
            </span>
          </fieldset>
        </form>
      )}
    </div>
  );
}
