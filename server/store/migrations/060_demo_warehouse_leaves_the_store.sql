-- The demo warehouse now lives in its own embedded database, run in a separate process
-- (server/datasources/demo-process.ts), so that a question about it can never reach Parley's own
-- tables and a runaway query can be killed without freezing the server. Installs that built it
-- here (the former migration 011_demo_warehouse.sql, still recorded in schema_migrations) drop it.
DROP SCHEMA IF EXISTS demo CASCADE;
