/** A connector as GET /api/connectors answers it (the server's ConnectorInfo; web/ may not import server/). */
export interface ConnectorInfo {
  id: string;
  kind: string;
  label: string;
  category: string;
  name: string;
  apiBase: string | null;
  createdAt: string;
  status: 'idle' | 'syncing' | 'error';
  lastSyncStartedAt: string | null;
  lastSyncFinishedAt: string | null;
  lastError: string | null;
  progress: { stream: string; rows: number; message?: string } | null;
  streams: { stream: string; rows: number; lastSyncedAt: string | null; lastError: string | null }[];
  webhookPath: string;
}

/** A kind of connector Parley can add (GET /api/connector-kinds), with the fields its form asks for. */
export interface ConnectorKindInfo {
  kind: string;
  label: string;
  category: string;
  fields: { name: string; label: string; secret: boolean; optional?: boolean; placeholder?: string; help?: string }[];
  streams: string[];
}
