// @vitest-environment jsdom
import '../testing/jsdom-layout';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../state/types';
import { MESSAGE_WINDOW, MessageList } from './message-list';

afterEach(cleanup);

const conversation = (n: number, prefix = 'm'): ChatMessage[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, role: i % 2 ? 'assistant' : 'user', runId: `r${i >> 1}`, text: `${prefix} message ${i}`, status: 'complete', tools: [], artifacts: [] }));

describe('MessageList', () => {
  it('renders the newest messages of a long conversation first, and earlier ones on request', () => {
    const { container } = render(<MessageList messages={conversation(100)} streaming={false} actions={{}} />);
    expect(container.querySelectorAll('article')).toHaveLength(MESSAGE_WINDOW);
    expect(container.querySelector('article')?.textContent).toContain(`message ${100 - MESSAGE_WINDOW}`);
    fireEvent.click(screen.getByRole('button', { name: `Show ${100 - MESSAGE_WINDOW} earlier messages` }));
    expect(container.querySelectorAll('article')).toHaveLength(2 * MESSAGE_WINDOW);
    fireEvent.click(screen.getByRole('button', { name: /earlier messages/ }));
    expect(container.querySelectorAll('article')).toHaveLength(100);
    expect(screen.queryByRole('button', { name: /earlier messages/ })).toBeNull();
  });

  it('offers Edit on the newest question and Regenerate on the newest answer only, and neither while streaming', () => {
    const actions = { onEdit: vi.fn(), onRegenerate: vi.fn(), onRetrySend: vi.fn() };
    const { rerender } = render(<MessageList messages={conversation(6)} streaming={false} actions={actions} />);
    expect(screen.getAllByRole('button', { name: 'Edit' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Regenerate' })).toHaveLength(1);
    rerender(<MessageList messages={conversation(6)} streaming actions={actions} />);
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Regenerate' })).toBeNull();
  });

  it('starts again from the newest messages when another conversation is shown', () => {
    const { container, rerender } = render(<MessageList messages={conversation(50, 'a')} streaming={false} actions={{}} />);
    fireEvent.click(screen.getByRole('button', { name: /earlier messages/ }));
    expect(container.querySelectorAll('article')).toHaveLength(50);
    rerender(<MessageList messages={conversation(90, 'b')} streaming={false} actions={{}} />);
    expect(container.querySelectorAll('article')).toHaveLength(MESSAGE_WINDOW);
  });

  it('follows the bottom as the answer grows, stops when the reader scrolls up, and follows again on a new question', () => {
    // jsdom does no layout: the scroller's height grows with the text shown, 400 px are visible.
    const scroller = document.createElement('div');
    scroller.className = 'scroll';
    document.body.append(scroller);
    let top = 0;
    Object.defineProperties(scroller, {
      scrollHeight: { get: () => 400 + (scroller.textContent?.length ?? 0) * 10 },
      clientHeight: { get: () => 400 },
      scrollTop: { get: () => top, set: (v: number) => void (top = Math.min(v, scroller.scrollHeight - 400)) },
    });
    const bottom = () => scroller.scrollHeight - 400;
    const streamingAnswer = (text: string, runs = 3): ChatMessage[] => [
      ...conversation(2 * runs),
      { key: 'run:new', role: 'assistant', runId: 'new', text, status: 'streaming', tools: [], artifacts: [] },
    ];
    const { rerender } = render(<MessageList messages={streamingAnswer('')} streaming actions={{}} />, { container: scroller });
    expect(top).toBe(bottom());
    rerender(<MessageList messages={streamingAnswer('more words arrive')} streaming actions={{}} />);
    expect(top).toBe(bottom());

    top = 100;
    fireEvent.scroll(scroller);
    rerender(<MessageList messages={streamingAnswer('more words arrive, and more, and more')} streaming actions={{}} />);
    expect(top).toBe(100);
    // Back at the bottom: following again.
    top = bottom();
    fireEvent.scroll(scroller);
    rerender(<MessageList messages={streamingAnswer('more words arrive, and more, and more, and even more')} streaming actions={{}} />);
    expect(top).toBe(bottom());

    // A wheel up stops following at once, before its scroll lands.
    fireEvent.wheel(scroller, { deltaY: -40 });
    const before = top;
    rerender(<MessageList messages={streamingAnswer('more words arrive, and more, and more, and even more, still')} streaming actions={{}} />);
    expect(top).toBe(before);
    expect(top).toBeLessThan(bottom());
    // Sending a new question brings the view to it, though the reader had left the bottom.
    rerender(<MessageList messages={[...streamingAnswer('done'), { key: 'local:9', role: 'user', text: 'next question', status: 'complete', tools: [], artifacts: [] }]} streaming={false} actions={{}} />);
    expect(top).toBe(bottom());
    scroller.remove();
  });
});
