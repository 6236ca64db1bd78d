import { useEffect, useState, type ReactNode } from 'react';
import type { CopyText, PinnableText } from '../../../tools/campaigns/model';
import { useT } from '../i18n/i18n';
import { getAt, insertAt, join, moveAt, newId, removeAt, setAt } from './campaign-ops';
import { CopyField } from './copy-field';
import { domId, findingsAt, useEditorApi } from './editor-context';

/** Findings about a whole list or group (too few headlines, a missing disclaimer), listed under it. */
export function GroupFindings({ pointer }: { pointer: string }) {
  const { findings } = useEditorApi();
  const t = useT();
  const here = findings.filter((f) => f.field === pointer);
  if (!here.length) return null;
  return (
    <ul className="copy-findings group-findings">
      {here.map((f, i) => (
        <li key={`${f.rule}-${i}`} className={`finding finding-${f.severity}`} data-rule={f.rule}>
          <span className="finding-severity">{t(f.severity === 'error' ? 'campaign.finding.error' : 'campaign.finding.warning')}</span> {f.message}
        </li>
      ))}
    </ul>
  );
}

/** One CopyText (`{id, text}`) at `pointer`, checked against the limit of `kind`. */
export function TextField({ pointer, kind, label }: { pointer: string; kind: string; label: string }) {
  const api = useEditorApi();
  const value = getAt<CopyText | undefined>(api.campaign, pointer);
  if (!value) return null;
  return <CopyField id={domId(pointer)} label={label} value={value.text} limit={api.limits[kind]} findings={findingsAt(api.findings, pointer, value.id)} readOnly={api.readOnly} onChange={(text) => api.edit(join(pointer, 'text'), text)} />;
}

/** A plain string counted like ad copy (a display path): empty means "not set". */
export function StringField({ pointer, kind, label }: { pointer: string; kind: string; label: string }) {
  const api = useEditorApi();
  const value = getAt<string | undefined>(api.campaign, pointer) ?? '';
  return <CopyField id={domId(pointer)} label={label} value={value} limit={api.limits[kind]} findings={findingsAt(api.findings, pointer)} readOnly={api.readOnly} onChange={(text) => api.edit(pointer, text === '' ? undefined : text)} />;
}

/** A setting that is not ad copy (a name, a URL, a budget): a plain labelled input. */
export function Input({ pointer, label, type = 'text', ...rest }: { pointer: string; label: string; type?: 'text' | 'number' | 'url' | 'date'; min?: number; step?: number }) {
  const api = useEditorApi();
  const raw = getAt<string | number | undefined>(api.campaign, pointer);
  const id = domId(pointer);
  const here = findingsAt(api.findings, pointer);
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={raw ?? ''}
        readOnly={api.readOnly}
        aria-invalid={here.some((f) => f.severity === 'error') || undefined}
        aria-describedby={here.length ? `${id}-findings` : undefined}
        onChange={(e) => api.edit(pointer, type === 'number' ? (e.target.value === '' ? undefined : Number(e.target.value)) : e.target.value)}
        {...rest}
      />
      {here.length > 0 && (
        <ul id={`${id}-findings`} className="copy-findings">
          {here.map((f, i) => (
            <li key={i} className={`finding finding-${f.severity}`}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Select<T extends string>({ pointer, label, options, optionLabel }: { pointer: string; label: string; options: readonly T[]; optionLabel?: (o: T) => string }) {
  const api = useEditorApi();
  const id = domId(pointer);
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={getAt<string>(api.campaign, pointer) ?? ''} disabled={api.readOnly} onChange={(e) => api.structural(label, (c) => setAt(c, pointer, e.target.value))}>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel ? optionLabel(o) : o}
          </option>
        ))}
      </select>
    </div>
  );
}

const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** A comma-separated list of strings (locations, languages, interests). */
export function ListInput({ pointer, label }: { pointer: string; label: string }) {
  const api = useEditorApi();
  const id = domId(pointer);
  const list = getAt<string[] | undefined>(api.campaign, pointer) ?? [];
  const [text, setText] = useState(list.join(', '));
  // A change from outside (undo, another version) shows; the person's own commas and spaces stay.
  useEffect(() => {
    if (splitList(text).join('\n') !== list.join('\n')) setText(list.join(', '));
  }, [list]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={text}
        readOnly={api.readOnly}
        onChange={(e) => {
          setText(e.target.value);
          api.edit(pointer, splitList(e.target.value));
        }}
      />
    </div>
  );
}

/** Up/down/remove buttons of one item of a list; the buttons name the item, so each is distinct to a screen reader. */
export function ItemActions({ name, index, count, onMove, onRemove }: { name: string; index: number; count: number; onMove(from: number, to: number): void; onRemove(): void }) {
  const t = useT();
  const { readOnly } = useEditorApi();
  if (readOnly) return null;
  return (
    <span className="item-actions">
      <button type="button" className="ghost small" aria-label={t('campaign.moveUp', { name })} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
        ↑
      </button>
      <button type="button" className="ghost small" aria-label={t('campaign.moveDown', { name })} disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
        ↓
      </button>
      <button type="button" className="ghost small" aria-label={t('campaign.remove', { name })} onClick={onRemove}>
        ✕
      </button>
    </span>
  );
}

/** Moves focus to the field of `id` once it has been re-rendered at its new place (keyboard reorder). */
function useRefocus() {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    [...document.querySelectorAll<HTMLElement>('[data-text-id]')].find((el) => el.dataset.textId === target)?.querySelector<HTMLElement>('.ProseMirror')?.focus();
    setTarget(null);
  }, [target]);
  return setTarget;
}

export interface TextListProps {
  /** The list of CopyTexts, e.g. `/adGroups/0/ads/0/headlines`. */
  pointer: string;
  kind: string;
  /** One item's name ("Headline"); items are numbered after it. */
  noun: string;
  /** For pinnable texts (Google RSA), the positions a text may be pinned to. */
  pins?: number;
  idPrefix: string;
}

/** Texts of one kind: each a field with its counter and findings, pins, add, remove and reorder. */
export function TextList({ pointer, kind, noun, pins, idPrefix }: TextListProps) {
  const t = useT();
  const api = useEditorApi();
  const items = getAt<PinnableText[] | undefined>(api.campaign, pointer) ?? [];
  const refocus = useRefocus();
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length) return;
    api.structural(t('campaign.undo.moved', { name: `${noun} ${from + 1}` }), (c) => moveAt(c, pointer, from, to));
    refocus(items[from].id);
  };
  return (
    <fieldset className="text-list" data-kind={kind}>
      <legend>{t('campaign.listOf', { noun, count: items.length })}</legend>
      <ol>
        {items.map((item, i) => {
          const name = `${noun} ${i + 1}`;
          const at = join(pointer, i);
          return (
            <li key={item.id} data-text-id={item.id}>
              <CopyField
                id={domId(`${at}-${item.id}`)}
                label={name}
                value={item.text}
                limit={api.limits[kind]}
                findings={findingsAt(api.findings, at, item.id)}
                readOnly={api.readOnly}
                onChange={(text) => api.edit(join(at, 'text'), text)}
                onMove={(delta) => move(i, i + delta)}
              />
              <span className="item-controls">
                {pins !== undefined && (
                  <label className="pin">
                    <span>{t('campaign.pin')}</span>
                    <select
                      aria-label={t('campaign.pinOf', { name })}
                      value={item.pin ?? ''}
                      disabled={api.readOnly}
                      onChange={(e) => {
                        const pin = e.target.value === '' ? undefined : Number(e.target.value);
                        api.structural(pin ? t('campaign.undo.pinned', { name, pin }) : t('campaign.undo.unpinned', { name }), (c) => setAt(c, join(at, 'pin'), pin));
                      }}
                    >
                      <option value="">{t('campaign.pinNone')}</option>
                      {Array.from({ length: pins }, (_, p) => (
                        <option key={p} value={p + 1}>
                          {t('campaign.pinPosition', { pin: p + 1 })}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <ItemActions name={name} index={i} count={items.length} onMove={move} onRemove={() => api.structural(t('campaign.undo.removed', { name }), (c) => removeAt(c, pointer, i))} />
              </span>
            </li>
          );
        })}
      </ol>
      <GroupFindings pointer={pointer} />
      {!api.readOnly && (
        <button type="button" className="ghost small" onClick={() => api.structural(t('campaign.undo.added', { noun }), (c) => insertAt(c, pointer, items.length, { id: newId(idPrefix), text: '' }))}>
          {t('campaign.add', { noun })}
        </button>
      )}
    </fieldset>
  );
}

/** A titled group (an ad group, an ad) with its own findings. */
export function Group({ title, pointer, actions, children }: { title: string; pointer: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="campaign-group" aria-label={title}>
      <header className="campaign-group-head">
        <h3>{title}</h3>
        {actions}
      </header>
      <GroupFindings pointer={pointer} />
      {children}
    </section>
  );
}
