import type { ErrorBody } from '../../../agent/events';

export type ArtifactKindName = 'table' | 'chart' | 'forecast' | 'campaign' | 'file';

export interface ArtifactView {
  id: string;
  kind: ArtifactKindName;
  title?: string | null;
  data: unknown;
  callId?: string | null;
}

export interface ToolStep {
  callId: string;
  name: string;
  state: 'running' | 'done' | 'failed';
  summary?: string;
  error?: string;
  progress?: string;
}

export type MessageStatus = 'streaming' | 'complete' | 'cancelled' | 'error' | 'interrupted';

export interface ChatMessage {
  /** `user:<id>`, `run:<runId>` for an answer, or `local:<n>` for a message not yet acknowledged. */
  key: string;
  role: 'user' | 'assistant';
  runId?: string | null;
  text: string;
  status: MessageStatus;
  error?: ErrorBody;
  tools: ToolStep[];
  artifacts: ArtifactView[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  datasource: string | null;
  updatedAt: string;
  activeRunId: string | null;
}

export interface DatasourceInfo {
  id: string;
  name: string;
  kind: string;
  /** Known once the datasource was connected; the list does not introspect every database. */
  tableCount?: number;
}

/** What `GET /api/conversations/:id/messages` answers. */
export interface ConversationHistory {
  conversation: ConversationSummary & { createdAt: string };
  messages: { id: string; runId: string | null; role: 'user' | 'assistant'; text: string; status: 'complete' | 'cancelled' | 'error' | 'interrupted'; createdAt: string }[];
  activeRunId: string | null;
  latestRun: { id: string; lastSeq: number; status: string } | null;
}

export interface StoredArtifactView extends ArtifactView {
  runId: string;
}

/** What `GET /api/conversations/:id/timeline` answers: stored tool steps and run endings. */
export interface TimelineEvent {
  runId: string;
  seq: number;
  type: 'tool:started' | 'tool:finished' | 'run:error' | 'run:cancelled';
  payload: Record<string, unknown>;
}
