-- Data connectors (issue 17): a workspace connects a payment provider or a social account; its
-- data is synced into the tables below and answered from there. Every row carries the workspace
-- and the connector it came from: deleting a connector deletes its data (ON DELETE CASCADE), and
-- nothing of one workspace is readable from another.
--
-- The synced tables are shaped alike for every provider of a kind (Stripe today; others later for
-- payments, LinkedIn and Meta/Instagram for social), so one question spans them. Money is in major
-- units (12.34, not 1234) with its currency; `raw` keeps the provider's object as it came.
CREATE TABLE connectors (
  id                     text PRIMARY KEY,
  workspace_id           text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind                   text NOT NULL,
  name                   text NOT NULL,
  -- AES-256-GCM like datasource URLs (server/datasources/secret-box.ts); never returned by the API
  credentials_encrypted  text NOT NULL,
  api_base               text,
  created_by             text REFERENCES users(id) ON DELETE SET NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

-- One row per connector and stream (charges, refunds, posts…): where the sync stands, so a sync
-- stopped by a crash resumes from its last committed page.
CREATE TABLE connector_streams (
  connector_id   text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  stream         text NOT NULL,
  -- provider-specific: a list cursor (starting_after), an events cursor, a date
  cursor         jsonb,
  rows           bigint NOT NULL DEFAULT 0,
  last_synced_at timestamptz,
  last_error     text,
  PRIMARY KEY (connector_id, stream)
);

-- ---------------------------------------------------------------- payments
CREATE TABLE pay_customers (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  email         text,
  name          text,
  created_at    timestamptz NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);
CREATE INDEX pay_customers_email ON pay_customers (workspace_id, lower(email));

CREATE TABLE pay_charges (
  workspace_id      text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id                text NOT NULL,
  customer_id       text,
  payment_intent_id text,
  amount            numeric(14,2) NOT NULL,
  amount_refunded   numeric(14,2) NOT NULL DEFAULT 0,
  currency          text NOT NULL,
  -- succeeded, pending or failed
  status            text NOT NULL,
  failure_code      text,
  failure_message   text,
  payment_method    text,
  description       text,
  created_at        timestamptz NOT NULL,
  raw               jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);
CREATE INDEX pay_charges_created ON pay_charges (workspace_id, created_at);
CREATE INDEX pay_charges_customer ON pay_charges (workspace_id, customer_id);

CREATE TABLE pay_payment_intents (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  customer_id   text,
  amount        numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  status        text NOT NULL,
  last_error    text,
  created_at    timestamptz NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);
CREATE INDEX pay_payment_intents_created ON pay_payment_intents (workspace_id, created_at);

CREATE TABLE pay_refunds (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  charge_id     text,
  amount        numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  status        text NOT NULL,
  reason        text,
  created_at    timestamptz NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);
CREATE INDEX pay_refunds_created ON pay_refunds (workspace_id, created_at);

CREATE TABLE pay_disputes (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  charge_id     text,
  amount        numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  -- Stripe's statuses: warning_needs_response, needs_response, under_review, won, lost…
  status        text NOT NULL,
  reason        text,
  created_at    timestamptz NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);

CREATE TABLE pay_invoices (
  workspace_id     text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id               text NOT NULL,
  customer_id      text,
  subscription_id  text,
  amount_due       numeric(14,2) NOT NULL,
  amount_paid      numeric(14,2) NOT NULL,
  currency         text NOT NULL,
  status           text,
  created_at       timestamptz NOT NULL,
  raw              jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);

CREATE TABLE pay_subscriptions (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  customer_id   text,
  status        text NOT NULL,
  -- the subscription's recurring amount per month in major units (yearly prices / 12, weekly × 52/12, quantities applied)
  mrr           numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  started_at    timestamptz NOT NULL,
  canceled_at   timestamptz,
  ended_at      timestamptz,
  created_at    timestamptz NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);

CREATE TABLE pay_payouts (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  amount        numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  status        text NOT NULL,
  arrival_date  date,
  created_at    timestamptz NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);

CREATE TABLE pay_balance_transactions (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  type          text NOT NULL,
  source_id     text,
  amount        numeric(14,2) NOT NULL,
  fee           numeric(14,2) NOT NULL,
  net           numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  created_at    timestamptz NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);

-- ---------------------------------------------------------------- social
CREATE TABLE social_accounts_synced (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  -- linkedin, facebook or instagram
  platform      text NOT NULL,
  handle        text NOT NULL,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);

CREATE TABLE social_posts_synced (
  workspace_id  text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  id            text NOT NULL,
  account_id    text NOT NULL,
  platform      text NOT NULL,
  posted_at     timestamptz NOT NULL,
  post_type     text,
  text          text,
  url           text,
  -- impressions or views, as the platform now counts them (Instagram/Facebook `views`, LinkedIn impressions)
  impressions   bigint NOT NULL DEFAULT 0,
  likes         bigint NOT NULL DEFAULT 0,
  comments      bigint NOT NULL DEFAULT 0,
  shares        bigint NOT NULL DEFAULT 0,
  clicks        bigint NOT NULL DEFAULT 0,
  raw           jsonb NOT NULL,
  PRIMARY KEY (connector_id, id)
);
CREATE INDEX social_posts_synced_posted ON social_posts_synced (workspace_id, posted_at);

CREATE TABLE social_daily_metrics_synced (
  workspace_id   text NOT NULL, connector_id text NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  account_id     text NOT NULL,
  platform       text NOT NULL,
  day            date NOT NULL,
  followers      bigint,
  new_followers  bigint,
  impressions    bigint,
  engagements    bigint,
  profile_views  bigint,
  raw            jsonb NOT NULL,
  PRIMARY KEY (connector_id, account_id, day)
);
