/**
 * What a failed send to Teams means for a streamed reply. Teams answers a streaming request with
 * 403 ContentStreamNotAllowed when the user pressed Stop ("Content stream was cancelled by user"),
 * when the stream ran too long or was already finished, and 400/403 when streaming is not
 * allowed in this chat; 429 when sends came too fast.
 */
export type StreamSendFailure = 'user_stopped' | 'throttled' | 'rejected';

interface SendError {
  statusCode?: number;
  code?: string;
  message?: string;
}

export function classifyStreamError(e: unknown): StreamSendFailure {
  const err = (e ?? {}) as SendError;
  const message = String(err.message ?? '');
  if (err.statusCode === 429) return 'throttled';
  if (err.statusCode === 403 && /cancel+ed by (the )?user|stopped by (the )?user/i.test(message)) return 'user_stopped';
  return 'rejected';
}
