import { EditorContent, Extension, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../components/icons';
import { useT } from '../i18n/i18n';
import { AttachmentChips, useAttachments } from './attachments';
import { COMMANDS, filterItems, findTrigger, type CompletionItem, type Trigger } from './autocomplete';
import { SuggestionList } from './suggestion-list';

export interface ComposerProps {
  /** Items for `@` mentions (datasources, uploaded files). */
  mentions: CompletionItem[];
  /** The `/` commands offered (those the member's role allows); all of them by default. */
  commands?: CompletionItem[];
  streaming: boolean;
  disabled: boolean;
  /** The draft to start from; changes when the conversation changes. */
  initialText: string;
  /** Identifies the conversation, so switching resets the editor to that conversation's draft. */
  draftKey: string;
  onDraftChange(text: string): void;
  /** `attachments` only when files were attached (uploaded already). */
  onSend(text: string, attachments?: { uploadId: string }[]): void;
  /** The member may attach files (an analyst or admin): the paperclip, drop and paste. */
  canAttach?: boolean;
  onStop(): void;
}

interface Open {
  trigger: Trigger;
  items: CompletionItem[];
  /** Document position of the trigger character. */
  from: number;
}

const textOf = (editor: Editor) => editor.getText({ blockSeparator: '\n' });

function toDoc(text: string) {
  return { type: 'doc', content: text.split('\n').map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })) };
}

/**
 * The message editor (tiptap): Enter sends, Shift+Enter starts a new line, `/` opens the commands
 * and `@` the mentions (arrows choose, Enter or Tab inserts, Escape closes). While an answer
 * streams, Enter does not send and the button is Stop.
 */
export function Composer(props: ComposerProps) {
  const t = useT();
  const [open, setOpen] = useState<Open | null>(null);
  const [active, setActive] = useState(0);
  const [empty, setEmpty] = useState(!props.initialText.trim());
  const files = useAttachments();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  // Keyboard handlers are created once; they read the latest props and state through this ref.
  const live = useRef({ props, open, active, files, t });
  live.current = { props, open, active, files, t };

  const refresh = (editor: Editor) => {
    const { $from, empty: collapsed } = editor.state.selection;
    const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
    const trigger = collapsed ? findTrigger(before, $from.index(0) === 0) : null;
    if (!trigger) return setOpen(null);
    const source = trigger.char === '/' ? (live.current.props.commands ?? COMMANDS) : live.current.props.mentions;
    const items = filterItems(source, trigger.query);
    if (!items.length) return setOpen(null);
    const from = $from.pos - (before.length - trigger.start);
    setOpen((o) => {
      if (!o || o.trigger.char !== trigger.char || o.trigger.query !== trigger.query) setActive(0);
      return { trigger, items, from };
    });
  };

  const choose = (editor: Editor, item: CompletionItem) => {
    const o = live.current.open;
    if (!o) return;
    editor.chain().focus().insertContentAt({ from: o.from, to: editor.state.selection.from }, `${item.insert} `).run();
    setOpen(null);
  };

  const send = (editor: Editor) => {
    const { props: p, files: f, t: tr } = live.current;
    // Files still uploading are waited for: a question must not go without its file.
    if (p.streaming || p.disabled || f.busy) return;
    const attachments = f.ready;
    const text = textOf(editor).trim() || (attachments.length ? tr('attach.fileOnlyQuestion') : '');
    if (!text) return;
    if (attachments.length) p.onSend(text, attachments);
    else p.onSend(text);
    f.clear();
    editor.commands.clearContent(true);
  };

  const keys = useMemo(
    () =>
      Extension.create({
        name: 'parleyKeys',
        addKeyboardShortcuts() {
          const withOpen = (fn: (o: Open) => boolean) => () => {
            const o = live.current.open;
            return o ? fn(o) : false;
          };
          return {
            ArrowDown: withOpen((o) => (setActive((i) => (i + 1) % o.items.length), true)),
            ArrowUp: withOpen((o) => (setActive((i) => (i - 1 + o.items.length) % o.items.length), true)),
            Escape: withOpen(() => (setOpen(null), true)),
            Tab: withOpen((o) => (choose(this.editor, o.items[live.current.active] ?? o.items[0]), true)),
            Enter: () => {
              const o = live.current.open;
              if (o) choose(this.editor, o.items[live.current.active] ?? o.items[0]);
              else send(this.editor);
              return true;
            },
            'Shift-Enter': () => this.editor.commands.splitBlock(),
          };
        },
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: false, codeBlock: false, blockquote: false, horizontalRule: false, link: false }), keys],
    content: toDoc(props.initialText),
    editorProps: {
      attributes: {
        'aria-label': t('composer.label'),
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-describedby': 'composer-hint',
        class: 'composer-input',
        'data-placeholder': t('composer.placeholder'),
      },
      // Pasted files are attached; pasted text is typed as usual.
      handlePaste: (_view, event) => {
        const pasted = [...(event.clipboardData?.files ?? [])];
        if (!pasted.length || !live.current.props.canAttach) return false;
        live.current.files.add(pasted);
        return true;
      },
    },
    onUpdate: ({ editor: e }) => {
      const text = textOf(e);
      setEmpty(!text.trim());
      live.current.props.onDraftChange(text);
      refresh(e);
    },
    onSelectionUpdate: ({ editor: e }) => refresh(e),
    onBlur: () => setTimeout(() => setOpen(null), 150),
  });

  // Another conversation: show its draft.
  const shownKey = useRef(props.draftKey);
  useEffect(() => {
    if (!editor || shownKey.current === props.draftKey) return;
    shownKey.current = props.draftKey;
    editor.commands.setContent(toDoc(props.initialText), { emitUpdate: false });
    setEmpty(!props.initialText.trim());
    setOpen(null);
  }, [editor, props.draftKey, props.initialText]);

  const hasFiles = (e: React.DragEvent) => props.canAttach && [...e.dataTransfer.types].includes('Files');
  const drop = {
    onDragOver: (e: React.DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (e: React.DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (e: React.DragEvent) => {
      setDragging(false);
      if (!hasFiles(e)) return;
      e.preventDefault();
      files.add([...e.dataTransfer.files]);
    },
  };
  const sendable = !empty || files.ready.length > 0;

  const listId = 'composer-suggestions';
  return (
    <div className={`composer ${empty ? 'is-empty' : ''} ${dragging ? 'is-dragging' : ''}`} {...(props.canAttach ? drop : {})}>
      {open && editor && (
        <SuggestionList id={listId} items={open.items} active={active} onChoose={(item) => choose(editor, item)} onHover={setActive} />
      )}
      {props.canAttach && <AttachmentChips items={files.items} onRemove={files.remove} />}
      {dragging && <p className="drop-hint" aria-hidden="true">{t('attach.drop')}</p>}
      <div className="composer-box">
        {props.canAttach && (
          <>
            <button type="button" className="icon attach" aria-label={t('attach.button')} title={t('attach.button')} onClick={() => fileInput.current?.click()}>
              <Icon name="paperclip" size={18} />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              aria-label={t('attach.input')}
              accept=".csv,.tsv,.txt,.xlsx,.json,.ndjson,.jsonl,.parquet"
              onChange={(e) => {
                files.add([...(e.target.files ?? [])]);
                // The same file can be chosen again after it was removed.
                e.target.value = '';
              }}
            />
          </>
        )}
        <EditorContent editor={editor} className="composer-editor" />
        {props.streaming ? (
          <button type="button" onClick={props.onStop} className="stop" aria-label={t('composer.stop')}>
            <Icon name="stop" /> {t('composer.stop')}
          </button>
        ) : (
          <button type="button" className="send" onClick={() => editor && send(editor)} disabled={props.disabled || !sendable || files.busy} aria-label={t('composer.send')} title={files.busy ? t('attach.waiting') : undefined}>
            <Icon name="send" />
            <span className="send-label">{t('composer.send')}</span>
          </button>
        )}
      </div>
      <p id="composer-hint" className="composer-hint muted">
        {t('composer.hint')}
      </p>
    </div>
  );
}
