import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Extension } from '@tiptap/react';

interface Props {
  disabled: boolean;
  streaming: boolean;
  onSend(text: string): void;
  onStop(): void;
}

/** The message composer: Enter sends, Shift+Enter starts a new line. */
export function Composer({ disabled, streaming, onSend, onStop }: Props) {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ heading: false, codeBlock: false, blockquote: false, horizontalRule: false }),
      Extension.create({
        name: 'sendOnEnter',
        addKeyboardShortcuts() {
          return {
            Enter: ({ editor: e }) => {
              if (streaming || disabled) return true;
              const text = e.getText({ blockSeparator: '\n' }).trim();
              if (text) {
                onSend(text);
                e.commands.clearContent();
              }
              return true;
            },
            'Shift-Enter': ({ editor: e }) => e.commands.first(({ commands }) => [() => commands.newlineInCode(), () => commands.createParagraphNear(), () => commands.liftEmptyBlock(), () => commands.splitBlock()]),
          };
        },
      }),
    ],
    editorProps: { attributes: { 'aria-label': 'Message Parley', role: 'textbox', 'aria-multiline': 'true', class: 'composer-input' } },
  }, [streaming, disabled]);

  const submit = () => {
    const text = editor?.getText({ blockSeparator: '\n' }).trim();
    if (!text) return;
    onSend(text);
    editor?.commands.clearContent();
  };

  return (
    <div className="composer">
      <EditorContent editor={editor} className="composer-editor" />
      {streaming ? (
        <button type="button" onClick={onStop} className="stop">
          Stop
        </button>
      ) : (
        <button type="button" onClick={submit} disabled={disabled}>
          Send
        </button>
      )}
    </div>
  );
}
