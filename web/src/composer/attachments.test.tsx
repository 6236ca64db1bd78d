// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Editor } from '@tiptap/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../testing/jsdom-layout';
import { fail, fakeApi, ok, type FakeReply } from '../testing/fake-api';
import { Composer, type ComposerProps } from './composer';
import type { UploadedFile } from './upload-client';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const TARGETS: UploadedFile = {
  id: '7f0c2c4e-8a55-4d1e-9a43-0b1c2d3e4f50',
  name: 'targets.csv',
  kind: 'csv',
  sizeBytes: 40,
  tables: [
    {
      name: 'targets',
      columns: [
        { name: 'region', type: 'VARCHAR' },
        { name: 'target', type: 'DOUBLE' },
      ],
      rowCount: 2,
      rejectedRows: 1,
      preview: [
        ['North', 1200.5],
        ['South', 800],
      ],
    },
  ],
};

const csv = (name = 'targets.csv', text = 'region,target\nNorth,1200.5\nSouth,800\n') => new File([text], name, { type: 'text/csv' });

/** The composer with attaching allowed, over a fake server whose POST /uploads answers `reply`. */
function setup(reply: (form: Record<string, unknown>) => FakeReply | Promise<FakeReply> = () => ok(TARGETS, 201), overrides: Partial<ComposerProps> = {}) {
  const api = fakeApi({
    'POST /uploads': (req) => reply(req.body),
    'DELETE /uploads/:id': () => ({ status: 204 }),
  });
  const props: ComposerProps = {
    mentions: [],
    streaming: false,
    disabled: false,
    initialText: '',
    draftKey: 'new',
    onDraftChange: vi.fn(),
    onSend: vi.fn(),
    onStop: vi.fn(),
    canAttach: true,
    ...overrides,
  };
  const view = render(<Composer {...props} />);
  const box = screen.getByRole('textbox', { name: 'Message Parley' });
  const editor = () => (box as unknown as { editor: Editor }).editor;
  const type = (text: string) => act(() => void editor().commands.insertContent(text));
  const press = (key: string) => act(() => void fireEvent.keyDown(box, { key }));
  const choose = (...files: File[]) => act(() => void fireEvent.change(screen.getByLabelText('Files to attach'), { target: { files } }));
  return { api, props, view, box, type, press, choose };
}

const sendButton = () => screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;

describe('attaching files in the composer', () => {
  it('is not offered without the upload permission (a viewer)', () => {
    setup(undefined, { canAttach: false });
    expect(screen.queryByRole('button', { name: /^Attach files/ })).toBeNull();
    expect(screen.queryByLabelText('Files to attach')).toBeNull();
  });

  it('the paperclip opens the file picker', () => {
    setup();
    const input = screen.getByLabelText('Files to attach') as HTMLInputElement;
    const click = vi.spyOn(input, 'click');
    fireEvent.click(screen.getByRole('button', { name: /^Attach files/ }));
    expect(click).toHaveBeenCalled();
    expect(input.multiple).toBe(true);
  });

  it('uploads a chosen file as the form field "file", shows its progress, then its rows; Send waits for it and attaches its id', async () => {
    let answer!: (r: FakeReply) => void;
    const { api, props, type, press, choose } = setup(() => new Promise((r) => (answer = r)));
    await choose(csv());
    const progress = (await screen.findByLabelText('Uploading targets.csv')) as HTMLProgressElement;
    await waitFor(() => expect(progress.value).toBe(1));
    const sent = api.requests.find((r) => r.method === 'POST' && r.path === '/uploads')!;
    expect((sent.body.file as File).name).toBe('targets.csv');
    expect(await (sent.body.file as File).text()).toBe('region,target\nNorth,1200.5\nSouth,800\n');

    await type('total target by region');
    expect(sendButton().disabled).toBe(true);
    await press('Enter');
    expect(props.onSend).not.toHaveBeenCalled();

    await act(async () => answer(ok(TARGETS, 201)));
    const chip = await screen.findByRole('button', { name: 'Preview targets.csv' });
    expect(chip.textContent).toContain('2 rows');
    expect(screen.queryByLabelText('Uploading targets.csv')).toBeNull();
    expect(sendButton().disabled).toBe(false);
    await press('Enter');
    expect(props.onSend).toHaveBeenCalledWith('total target by region', [{ uploadId: TARGETS.id }]);
    // Sent: the file now belongs to the conversation, and the chip goes (nothing is deleted).
    expect(screen.queryByRole('button', { name: 'Preview targets.csv' })).toBeNull();
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('a chip opens a preview of each table: columns with their types and the first rows', async () => {
    const { choose } = setup();
    await choose(csv());
    fireEvent.click(await screen.findByRole('button', { name: 'Preview targets.csv' }));
    const preview = screen.getByRole('region', { name: 'Preview of targets.csv' });
    expect(within(preview).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['region VARCHAR', 'target DOUBLE']);
    expect(within(preview).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['North', '1200.5'],
      ['South', '800'],
    ]);
    expect(preview.textContent).toContain('targets: 2 rows');
    expect(preview.textContent).toContain('1 rows could not be read and were left out');
    fireEvent.click(within(preview).getByRole('button', { name: 'Close the preview' }));
    expect(screen.queryByRole('region', { name: 'Preview of targets.csv' })).toBeNull();
  });

  it.each([
    ['empty', 400, 'upload:empty', '"empty.csv" is empty.'],
    ['not what it claims', 415, 'upload:type_mismatch', '"empty.csv" is not a CSV file: it looks like a PNG image.'],
    ['too big', 413, 'upload:too_large', '"empty.csv" is larger than the 200 MB Parley accepts (PARLEY_MAX_UPLOAD_MB).'],
    ['without rows', 422, 'upload:no_rows', 'Parley could not use "empty.csv": the file has a header but no rows of data.'],
  ])('a refused file (%s) gets an error chip with the server\'s words, and is not sent', async (_what, status, code, message) => {
    const { props, type, press, choose } = setup(() => fail(status, code, message));
    await choose(csv('empty.csv', 'x'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`Not attached: ${message}`);
    await type('what is in it?');
    await press('Enter');
    expect(props.onSend).toHaveBeenCalledWith('what is in it?');
  });

  it('removing an uploaded file deletes it on the server; removing a refused one asks nothing', async () => {
    let n = 0;
    const { api, choose } = setup(() => (++n === 1 ? ok(TARGETS, 201) : fail(400, 'upload:empty', '"b.csv" is empty.')));
    await choose(csv());
    await screen.findByRole('button', { name: 'Preview targets.csv' });
    await choose(csv('b.csv'));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Remove targets.csv' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove b.csv' }));
    await waitFor(() => expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/uploads/${TARGETS.id}`]));
    expect(screen.queryByRole('list', { name: 'Attached files' })).toBeNull();
  });

  it('a file alone is sent with a question about it', async () => {
    const { props, press, choose } = setup();
    await choose(csv());
    await screen.findByRole('button', { name: 'Preview targets.csv' });
    await press('Enter');
    expect(props.onSend).toHaveBeenCalledWith('What data is in the attached file?', [{ uploadId: TARGETS.id }]);
  });

  it('takes files dropped onto the composer', async () => {
    const { api, view } = setup();
    const composer = view.container.querySelector('.composer')!;
    const dataTransfer = { files: [csv()], types: ['Files'], dropEffect: 'none' };
    fireEvent.dragOver(composer, { dataTransfer });
    expect(composer.classList.contains('is-dragging')).toBe(true);
    fireEvent.drop(composer, { dataTransfer });
    await screen.findByRole('button', { name: 'Preview targets.csv' });
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(composer.classList.contains('is-dragging')).toBe(false);
  });

  it('takes files pasted into the message; pasted text stays text', async () => {
    const { api, box } = setup();
    await act(() => void fireEvent.paste(box, { clipboardData: { files: [csv()], types: ['Files'], getData: () => '' } }));
    await screen.findByRole('button', { name: 'Preview targets.csv' });
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
