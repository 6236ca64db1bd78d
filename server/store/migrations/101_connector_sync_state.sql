-- Where each connector's sync stands (issue 17), beside the contract of 100_connectors.sql.
-- `sync_status` is written by the instance running the sync; `sync_heartbeat_at` lets every
-- instance tell a running sync from one whose instance died (the advisory lock was released with
-- its connection, but nobody reset the status): a stale heartbeat reads as not syncing.
ALTER TABLE connectors
  ADD COLUMN sync_status        text NOT NULL DEFAULT 'idle' CHECK (sync_status IN ('idle', 'syncing')),
  ADD COLUMN sync_progress      jsonb,
  ADD COLUMN sync_heartbeat_at  timestamptz,
  ADD COLUMN last_sync_started_at  timestamptz,
  ADD COLUMN last_sync_finished_at timestamptz,
  ADD COLUMN last_error         text;

-- Webhook deliveries already applied: providers retry and duplicate deliveries, and a replay of a
-- signed body must change nothing. Written in the same transaction as the rows the event changed.
CREATE TABLE connector_webhook_events (
  connector_id  text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  event_id      text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector_id, event_id)
);
