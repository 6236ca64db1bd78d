// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitNotice, rateLimitFrom } from './rate-limit-notice';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('RateLimitNotice', () => {
  it('counts down each second from the server\'s wait and says when it is over', () => {
    const onDone = vi.fn();
    render(<RateLimitNotice limit={rateLimitFrom('You have sent 20 messages this minute.', 42)} onDone={onDone} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('You have sent 20 messages this minute.Try again in 42 s.');
    act(() => void vi.advanceTimersByTime(1000));
    expect(screen.getByText('Try again in 41 s.')).toBeTruthy();
    act(() => void vi.advanceTimersByTime(40_000));
    expect(screen.getByText('Try again in 1 s.')).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(1000));
    expect(onDone).toHaveBeenCalledTimes(1);
    act(() => void vi.advanceTimersByTime(5000));
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('rounds a fractional wait up, so it never says 0 while still refused', () => {
    render(<RateLimitNotice limit={rateLimitFrom('Slow down.', 2.2)} onDone={() => undefined} />);
    expect(screen.getByText('Try again in 3 s.')).toBeTruthy();
  });

  it.each([[undefined], [0], [-5], [Number.NaN], ['30']])('with no usable wait (%s) shows the message until dismissed', (wait) => {
    const onDone = vi.fn();
    render(<RateLimitNotice limit={rateLimitFrom('Slow down.', wait)} onDone={onDone} />);
    expect(screen.getByRole('status').textContent).toBe('Slow down.');
    act(() => void vi.advanceTimersByTime(60_000));
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDone).toHaveBeenCalledTimes(1);
  });
});
