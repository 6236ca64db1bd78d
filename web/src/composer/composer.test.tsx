// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Editor } from '@tiptap/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../testing/jsdom-layout';
import { Composer, type ComposerProps } from './composer';

afterEach(cleanup);

function setup(overrides: Partial<ComposerProps> = {}) {
  const props: ComposerProps = {
    mentions: [
      { insert: '@sales', label: '@sales', detail: { text: 'datasource · postgres' } },
      { insert: '@tips.csv', label: '@tips.csv', detail: { text: 'file' } },
    ],
    streaming: false,
    disabled: false,
    initialText: '',
    draftKey: 'new',
    onDraftChange: vi.fn(),
    onSend: vi.fn(),
    onStop: vi.fn(),
    ...overrides,
  };
  const view = render(<Composer {...props} />);
  const box = screen.getByRole('textbox', { name: 'Message Parley' });
  const editor = () => (box as unknown as { editor: Editor }).editor;
  /** Types as a person would: the editor receives the text at the cursor. */
  const type = (text: string) => act(() => void editor().commands.insertContent(text));
  const press = (key: string, init: Partial<KeyboardEventInit> = {}) => act(() => void fireEvent.keyDown(box, { key, ...init }));
  return { props, box, editor, type, press, view };
}

describe('Composer', () => {
  it('sends the text with Enter and empties itself', async () => {
    const { props, type, press, editor } = setup();
    await type('How many orders?');
    await press('Enter');
    expect(props.onSend).toHaveBeenCalledWith('How many orders?');
    expect(editor().getText()).toBe('');
  });

  it('starts a new line with Shift+Enter and sends both lines together', async () => {
    const { props, type, press } = setup();
    await type('first line');
    await press('Enter', { shiftKey: true });
    expect(props.onSend).not.toHaveBeenCalled();
    await type('second line');
    await press('Enter');
    expect(props.onSend).toHaveBeenCalledWith('first line\nsecond line');
  });

  it('does not send an empty message, nor while an answer streams (Stop is offered instead)', async () => {
    const { props, type, press, view } = setup();
    await press('Enter');
    expect(props.onSend).not.toHaveBeenCalled();
    view.rerender(<Composer {...props} streaming />);
    await type('next question');
    await press('Enter');
    expect(props.onSend).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(props.onStop).toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });

  it('opens the / commands at the start, filters them, and inserts the chosen one with Enter', async () => {
    const { props, type, press, editor } = setup();
    await type('/');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.querySelector('.suggestion-label')?.textContent)).toEqual(['/sql', '/chart', '/forecast', '/campaign']);
    await type('ch');
    expect(screen.getAllByRole('option').map((o) => o.querySelector('.suggestion-label')?.textContent)).toEqual(['/chart']);
    await press('Enter');
    expect(editor().getText()).toBe('/chart ');
    expect(props.onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('moves through the commands with the arrow keys and inserts with Tab; Escape closes the list', async () => {
    const { type, press, editor } = setup();
    await type('/');
    await press('ArrowDown');
    await press('ArrowDown');
    expect(screen.getByRole('option', { selected: true }).textContent).toContain('/forecast');
    await press('Tab');
    expect(editor().getText()).toBe('/forecast ');
    await type('x /');
    expect(screen.queryByRole('listbox')).toBeNull();
    await act(() => void editor().commands.clearContent(true));
    await type('/');
    expect(screen.getByRole('listbox')).toBeTruthy();
    await press('Escape');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('completes @ mentions of datasources and files anywhere in the message', async () => {
    const { props, type, press, editor } = setup();
    await type('Revenue in @sa');
    expect(screen.getAllByRole('option').map((o) => o.querySelector('.suggestion-label')?.textContent)).toEqual(['@sales']);
    await press('Enter');
    expect(editor().getText()).toBe('Revenue in @sales ');
    await type('and @tip');
    fireEvent.mouseDown(screen.getByRole('option'));
    await waitFor(() => expect(editor().getText()).toBe('Revenue in @sales and @tips.csv '));
    await press('Enter');
    expect(props.onSend).toHaveBeenCalledWith('Revenue in @sales and @tips.csv');
  });

  it('keeps a draft per conversation: reports changes and shows the other conversation\'s draft on switch', async () => {
    const { props, type, view, editor } = setup({ initialText: 'half a thought' });
    expect(editor().getText()).toBe('half a thought');
    await act(() => void editor().chain().focus('end').insertContent('!').run());
    expect(props.onDraftChange).toHaveBeenLastCalledWith('half a thought!');
    view.rerender(<Composer {...props} draftKey="c2" initialText={'line one\nline two'} />);
    await waitFor(() => expect(editor().getText({ blockSeparator: '\n' })).toBe('line one\nline two'));
  });
});
