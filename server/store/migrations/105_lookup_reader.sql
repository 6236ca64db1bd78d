-- Payment and social lookups (issue 17): what lookup_payments and lookup_social read, and how
-- the store holds them to one workspace.
--
-- Lookups run as parley_lookup_reader (SET LOCAL ROLE inside a READ ONLY transaction), a role
-- that may only SELECT the synced tables, and row-level security lets it see only the rows of
-- the workspace the transaction names (SET LOCAL parley.workspace_id, set by the server).
-- Roles belong to the whole Postgres cluster, so several Parley databases on one server share
-- it; creating it races when they migrate at once, hence the tolerant DO blocks. Where the
-- connecting user may not create roles (some managed Postgres plans), the role is missing and
-- the server falls back to the workspace filter every template carries (and logs that).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parley_lookup_reader') THEN
    CREATE ROLE parley_lookup_reader NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN
  NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parley_lookup_reader') THEN
    RETURN;
  END IF;
  BEGIN
    -- The server's own user must be able to SET ROLE to it (a superuser always can).
    EXECUTE format('GRANT parley_lookup_reader TO %I', current_user);
  EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation OR duplicate_object THEN
    NULL;
  END;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO parley_lookup_reader', current_schema());
  FOREACH t IN ARRAY ARRAY['pay_customers', 'pay_charges', 'pay_payment_intents', 'pay_refunds', 'pay_disputes', 'pay_invoices',
                           'pay_subscriptions', 'pay_payouts', 'pay_balance_transactions',
                           'social_accounts_synced', 'social_posts_synced', 'social_daily_metrics_synced'] LOOP
    EXECUTE format('GRANT SELECT ON %I TO parley_lookup_reader', t);
  END LOOP;
END $$;

-- Row-level security on every synced table, whether or not the role exists: the policy names
-- the workspace the transaction set, and a transaction that set none sees nothing. The table's
-- owner (the server's own user, which writes the synced rows) is not subject to it.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['pay_customers', 'pay_charges', 'pay_payment_intents', 'pay_refunds', 'pay_disputes', 'pay_invoices',
                           'pay_subscriptions', 'pay_payouts', 'pay_balance_transactions',
                           'social_accounts_synced', 'social_posts_synced', 'social_daily_metrics_synced'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY workspace_read ON %I FOR SELECT USING (workspace_id = current_setting('parley.workspace_id', true))$p$, t);
  END LOOP;
END $$;

-- The lookups' access paths: failed payments in a range, a customer's charges and refunds, an
-- object by id, open disputes, payouts by arrival, subscriptions for MRR, daily social metrics.
CREATE INDEX pay_charges_status_created ON pay_charges (workspace_id, status, created_at);
CREATE INDEX pay_charges_id ON pay_charges (workspace_id, id);
CREATE INDEX pay_refunds_charge ON pay_refunds (workspace_id, charge_id);
CREATE INDEX pay_refunds_id ON pay_refunds (workspace_id, id);
CREATE INDEX pay_disputes_status ON pay_disputes (workspace_id, status, created_at);
CREATE INDEX pay_disputes_charge ON pay_disputes (workspace_id, charge_id);
CREATE INDEX pay_payouts_arrival ON pay_payouts (workspace_id, arrival_date);
CREATE INDEX pay_customers_id ON pay_customers (workspace_id, id);
CREATE INDEX pay_subscriptions_customer ON pay_subscriptions (workspace_id, customer_id);
CREATE INDEX pay_payment_intents_id ON pay_payment_intents (workspace_id, id);
CREATE INDEX pay_invoices_id ON pay_invoices (workspace_id, id);
CREATE INDEX social_daily_metrics_synced_day ON social_daily_metrics_synced (workspace_id, day);
