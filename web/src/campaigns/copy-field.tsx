import { EditorContent, Extension, Node, useEditor } from '@tiptap/react';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CampaignFinding } from '../../../tools/campaigns/model';
import { useT } from '../i18n/i18n';
import { countChars } from './text-length';
import type { FieldLimit } from './types';

export interface CopyFieldProps {
  /** DOM id of the field; the counter and findings hang off it. */
  id: string;
  label: string;
  value: string;
  onChange(text: string): void;
  /** The platform's limit for this kind of text; without one the field counts but does not judge. */
  limit?: FieldLimit;
  findings: readonly CampaignFinding[];
  readOnly?: boolean;
  /** Alt+↑ / Alt+↓ in the field moves its text up or down its list (keyboard reorder). */
  onMove?(delta: -1 | 1): void;
}

/** One paragraph is the whole document: a headline has no second line. */
const SingleLineDoc = Node.create({ name: 'doc', topNode: true, content: 'paragraph' });

const toDoc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }] });

const marksKey = new PluginKey<DecorationSet>('campaignFindings');

/**
 * Findings become inline decorations over their `span` (the offending characters), titled with
 * the message so hovering says what is wrong; the list under the field says it for everyone.
 */
function findingMarks(read: () => readonly CampaignFinding[]) {
  const build = (doc: Parameters<typeof DecorationSet.create>[0]) => {
    const length = doc.textContent.length;
    const decorations = read()
      .filter((f) => f.span && f.span.end > f.span.start)
      .map((f) => {
        const from = Math.min(f.span!.start, length) + 1;
        const to = Math.min(f.span!.end, length) + 1;
        return from < to ? Decoration.inline(from, to, { class: `finding-mark finding-${f.severity}`, title: f.message, 'data-rule': f.rule }) : null;
      })
      .filter((d): d is Decoration => d !== null);
    return DecorationSet.create(doc, decorations);
  };
  return Extension.create({
    name: 'campaignFindings',
    addProseMirrorPlugins() {
      return [
        new Plugin<DecorationSet>({
          key: marksKey,
          state: {
            init: (_, state) => build(state.doc),
            apply: (tr, set) => (tr.getMeta(marksKey) ? build(tr.doc) : set.map(tr.mapping, tr.doc)),
          },
          props: { decorations: (state) => marksKey.getState(state) },
        }),
      ];
    },
  });
}

/**
 * A single-line tiptap field for one ad text: its own undo history (Mod-Z), a live counter that
 * counts as the platform counts and turns red past the limit (announced once when it crosses),
 * and the rule and brand findings marked in the text and listed under it.
 */
export function CopyField(props: CopyFieldProps) {
  const t = useT();
  const live = useRef(props);
  live.current = props;
  const [text, setText] = useState(props.value);

  const extensions = useMemo(
    () => [
      StarterKit.configure({
        document: false,
        blockquote: false,
        bold: false,
        bulletList: false,
        code: false,
        codeBlock: false,
        dropcursor: false,
        gapcursor: false,
        hardBreak: false,
        heading: false,
        horizontalRule: false,
        italic: false,
        listItem: false,
        listKeymap: false,
        link: false,
        orderedList: false,
        strike: false,
        underline: false,
        trailingNode: false,
      }),
      SingleLineDoc,
      findingMarks(() => live.current.findings),
      Extension.create({
        name: 'campaignFieldKeys',
        addKeyboardShortcuts: () => ({
          Enter: () => true,
          'Shift-Enter': () => true,
          'Alt-ArrowUp': () => (live.current.onMove ? (live.current.onMove(-1), true) : false),
          'Alt-ArrowDown': () => (live.current.onMove ? (live.current.onMove(1), true) : false),
        }),
      }),
    ],
    [],
  );

  const describedBy = `${props.id}-count ${props.id}-findings`;
  const editor = useEditor({
    extensions,
    content: toDoc(props.value),
    editable: !props.readOnly,
    editorProps: {
      attributes: {
        id: props.id,
        role: 'textbox',
        'aria-multiline': 'false',
        'aria-labelledby': `${props.id}-label`,
        'aria-describedby': describedBy,
        class: 'copy-input',
      },
      // A pasted line break would be a character the platform rejects: make it a space.
      transformPastedText: (pasted) => pasted.replace(/\s*[\r\n]+\s*/g, ' '),
    },
    onUpdate: ({ editor: e }) => {
      const next = e.getText();
      setText(next);
      live.current.onChange(next);
    },
  });

  // A change from outside (structural undo, "load theirs", a restored draft) replaces the words.
  useEffect(() => {
    if (!editor || editor.getText() === props.value) return;
    editor.commands.setContent(toDoc(props.value), { emitUpdate: false });
    setText(props.value);
  }, [editor, props.value]);

  useEffect(() => {
    if (editor) editor.setEditable(!props.readOnly, false);
  }, [editor, props.readOnly]);

  // New findings (a check came back): redraw the marks.
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(marksKey, true).setMeta('addToHistory', false));
  }, [editor, props.findings]);

  const count = countChars(text, props.limit?.countDoubleWidth ?? false);
  const max = props.limit?.max;
  const warnAt = props.limit?.warnAt;
  const shown = max ?? warnAt;
  const over = max !== undefined && count > max;
  const near = !over && warnAt !== undefined && count > warnAt;
  const state = over ? 'over' : near ? 'near' : 'ok';

  // Screen readers hear the counter when it crosses a limit, not on every keystroke.
  const [announcement, setAnnouncement] = useState('');
  const was = useRef(state);
  useEffect(() => {
    if (was.current === state) return;
    was.current = state;
    const label = props.label;
    setAnnouncement(
      state === 'over' ? t('campaign.field.overLimit', { label, count, max: max ?? 0 }) : state === 'near' ? t('campaign.field.pastShown', { label, count, shown: warnAt ?? 0 }) : t('campaign.field.withinLimit', { label, max: shown ?? 0 }),
    );
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className={`copy-field copy-field-${state}${props.readOnly ? ' read-only' : ''}`} data-field-id={props.id}>
      <div className="copy-field-head">
        <span id={`${props.id}-label`} className="copy-label" onClick={() => editor?.commands.focus('end')}>
          {props.label}
        </span>
        <span id={`${props.id}-count`} className={`copy-count ${state}`} data-state={state} aria-label={shown === undefined ? t('campaign.field.countNoLimit', { count }) : t('campaign.field.count', { count, max: shown })}>
          {shown === undefined ? count : `${count}/${shown}`}
        </span>
      </div>
      <EditorContent editor={editor} className="copy-editor" />
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
      <ul id={`${props.id}-findings`} className="copy-findings">
        {props.findings.map((f, i) => (
          <li key={`${f.rule}-${i}`} className={`finding finding-${f.severity}`} data-rule={f.rule}>
            <span className="finding-severity">{t(f.severity === 'error' ? 'campaign.finding.error' : 'campaign.finding.warning')}</span> {f.message}
            {f.suggestion !== undefined && f.span && !props.readOnly && editor && (
              <>
                {' '}
                <button
                  type="button"
                  className="ghost small"
                  onClick={() => {
                    // Through the editor, so the field's own undo takes the replacement back.
                    const length = editor.state.doc.textContent.length;
                    editor.chain().focus().insertContentAt({ from: Math.min(f.span!.start, length) + 1, to: Math.min(f.span!.end, length) + 1 }, f.suggestion!).run();
                  }}
                >
                  {t('campaign.finding.use', { suggestion: f.suggestion })}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
