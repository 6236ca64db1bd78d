// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../state/types';
import { MessageView } from './message-view';

afterEach(cleanup);

const answer = (over: Partial<ChatMessage>): ChatMessage => ({ key: 'run:r1', role: 'assistant', runId: 'r1', text: '', status: 'complete', tools: [], artifacts: [], ...over });

// Markdown renders from a chunk loaded on demand: seconds, not vitest's 1 s, on a busy machine.
const LAZY = { timeout: 15_000 };

describe('MessageView', () => {
  it('renders Markdown while the answer is still streaming, half-finished syntax included', async () => {
    const { container, rerender } = render(<MessageView message={answer({ status: 'streaming', text: 'Revenue **grew 8%** in\n\n- north\n- so' })} />);
    expect(await screen.findByText('grew 8%', undefined, LAZY)).toHaveProperty('tagName', 'STRONG');
    expect(container.querySelectorAll('li')).toHaveLength(2);
    expect(container.querySelector('article')?.getAttribute('aria-busy')).toBe('true');
    rerender(<MessageView message={answer({ status: 'streaming', text: 'Revenue **grew 8%** in\n\n- north\n- south\n\n| region | total |\n|---|---|\n| north | **12** |\n\nand **unfini' })} />);
    const table = await screen.findByRole('table', undefined, LAZY);
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(container.textContent).toContain('and **unfini');
  });

  it('colours SQL in fenced code and offers to copy it', async () => {
    const { container } = render(<MessageView message={answer({ text: '```sql\nSELECT region, sum(total) FROM orders -- all\n```' })} />);
    const copies = await screen.findAllByRole('button', { name: 'Copy' }, LAZY);
    expect(copies.length).toBe(2); // the code block's and the answer's
    const kinds = [...container.querySelectorAll('code [class^="sql-"]')].map((e) => `${e.className}:${e.textContent}`);
    expect(kinds).toEqual(['sql-keyword:SELECT', 'sql-function:sum', 'sql-keyword:FROM', 'sql-comment:-- all']);
  });

  it('shows the tool steps: running with progress, done with the summary, failed with the reason', () => {
    render(
      <MessageView
        message={answer({
          status: 'streaming',
          tools: [
            { callId: 'a', name: 'describe_data', state: 'done', summary: '3 tables in "Sales"' },
            { callId: 'b', name: 'run_sql', state: 'failed', error: 'column "revnue" does not exist' },
            { callId: 'c', name: 'make_chart', state: 'running', progress: 'choosing a chart' },
          ],
        })}
      />,
    );
    const steps = within(screen.getByRole('list', { name: 'Steps' })).getAllByRole('listitem');
    expect(steps.map((s) => s.getAttribute('data-state'))).toEqual(['done', 'failed', 'running']);
    expect(steps[0].textContent).toContain('Reading the data catalog');
    expect(steps[0].textContent).toContain('3 tables in "Sales"');
    expect(steps[1].textContent).toContain('column "revnue" does not exist');
    expect(steps[2].textContent).toContain('choosing a chart');
  });

  it.each([
    ['a run error, with its message and a Retry', answer({ status: 'error', text: 'Partial', error: { code: 'model:unavailable', message: 'The language model could not be reached.' } }), 'The language model could not be reached.'],
    ['an interrupted answer from history', answer({ status: 'interrupted', error: { code: 'run:interrupted', message: '' } }), 'This answer was interrupted.'],
  ])('shows %s', (_name, message, words) => {
    const onRegenerate = vi.fn();
    render(<MessageView message={message} actions={{ onRegenerate }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(words);
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(onRegenerate).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Regenerate' })).toBeNull();
  });

  it('says Stopped under a cancelled answer and offers Regenerate', () => {
    const onRegenerate = vi.fn();
    render(<MessageView message={answer({ status: 'cancelled', text: 'Half' })} actions={{ onRegenerate }} />);
    expect(screen.getByText('Stopped.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }));
    expect(onRegenerate).toHaveBeenCalledOnce();
  });

  it('shows a message that failed to send with the reason and a Retry', () => {
    const onRetrySend = vi.fn();
    render(<MessageView message={{ key: 'local:1', role: 'user', text: 'hi', status: 'error', error: { code: 'run:busy', message: 'Parley is still answering.' }, tools: [], artifacts: [] }} actions={{ onRetrySend }} />);
    expect(screen.getByRole('alert').textContent).toContain('Your message was not sent: Parley is still answering.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetrySend).toHaveBeenCalledWith('local:1');
  });

  it('lets the newest question be edited and sent again', () => {
    const onEdit = vi.fn();
    render(<MessageView message={{ key: 'user:1', role: 'user', text: 'Sales in May?', status: 'complete', tools: [], artifacts: [] }} actions={{ onEdit }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByLabelText('Edit your message'), { target: { value: 'Sales in June?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and send' }));
    expect(onEdit).toHaveBeenCalledWith('Sales in June?');
  });

  it('marks each artifact with its kind', () => {
    const { container } = render(
      <MessageView message={answer({ artifacts: [{ id: 't1', kind: 'table', title: 'Orders', data: { columns: [{ name: 'n', kind: 'integer' }], rows: [[1]], rowCount: 1, truncated: false } }, { id: 'f1', kind: 'forecast', data: {} }] })} />,
    );
    expect([...container.querySelectorAll('[data-artifact-kind]')].map((e) => e.getAttribute('data-artifact-kind'))).toEqual(['table', 'forecast']);
  });
});
