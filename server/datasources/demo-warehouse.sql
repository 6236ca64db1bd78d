-- The demo warehouse: a deterministic business data set in schema demo, built once into its own
-- embedded database (<PARLEY_DATA_DIR>/demo, see demo-process.ts), never in Parley's store.
-- Everything is generated set-based inside Postgres; pseudo-randomness comes from hashing
-- (stable across runs and servers).
-- History: 730 days ending yesterday (relative to the first build), with trend, weekly and
-- yearly seasonality, and a few anomalies (a promotion spike, an outage, an ad-spend glitch).
CREATE SCHEMA demo;

-- r(k) in [0,1): stable pseudo-random number for the integer key k.
CREATE FUNCTION pg_temp.r(k bigint) RETURNS double precision LANGUAGE sql IMMUTABLE AS
  $$ SELECT (hashint8(k)::bigint + 2147483648)::double precision / 4294967296.0 $$;

CREATE TABLE demo.meta (start_date date NOT NULL, end_date date NOT NULL);
INSERT INTO demo.meta VALUES (current_date - 730, current_date - 1);
COMMENT ON TABLE demo.meta IS 'The date range the demo warehouse covers.';

-- ---------------------------------------------------------------- customers
CREATE TABLE demo.customers (
  customer_id  integer PRIMARY KEY,
  name         text NOT NULL,
  email        text NOT NULL,
  country      text NOT NULL,
  region       text NOT NULL,
  segment      text NOT NULL,
  signup_date  date NOT NULL
);
COMMENT ON TABLE demo.customers IS 'People and companies who buy from the shop; one row per customer.';
COMMENT ON COLUMN demo.customers.region IS 'Sales region: Europe, North America, APAC or LATAM.';
COMMENT ON COLUMN demo.customers.segment IS 'Customer segment: consumer, small business or enterprise.';

WITH geo(i, country, region) AS (
  VALUES (0, 'Germany', 'Europe'), (1, 'France', 'Europe'), (2, 'United Kingdom', 'Europe'), (3, 'Spain', 'Europe'),
         (4, 'Italy', 'Europe'), (5, 'Netherlands', 'Europe'), (6, 'United States', 'North America'),
         (7, 'United States', 'North America'), (8, 'Canada', 'North America'), (9, 'Mexico', 'North America'),
         (10, 'Japan', 'APAC'), (11, 'Australia', 'APAC'), (12, 'India', 'APAC'), (13, 'Singapore', 'APAC'),
         (14, 'Brazil', 'LATAM'), (15, 'Argentina', 'LATAM'), (16, 'Chile', 'LATAM')),
first(i, n) AS (SELECT i - 1, n FROM unnest(ARRAY['Ada','Ben','Chloe','David','Elena','Farid','Grace','Hiro','Ines','Jonas','Keiko','Liam','Maya','Noah','Olga','Pedro','Quinn','Rosa','Sven','Tara']) WITH ORDINALITY AS t(n, i)),
last(i, n) AS (SELECT i - 1, n FROM unnest(ARRAY['Adams','Brown','Costa','Dubois','Evans','Fischer','Garcia','Hansen','Ito','Jensen','Kowalski','Lopez','Martin','Nakamura','Olsen','Patel','Rossi','Silva','Tanaka','Weber']) WITH ORDINALITY AS t(n, i))
INSERT INTO demo.customers
SELECT c,
       f.n || ' ' || l.n,
       lower(f.n || '.' || l.n || c) || '@example.com',
       g.country, g.region,
       CASE WHEN pg_temp.r(c * 7 + 3) < 0.70 THEN 'consumer' WHEN pg_temp.r(c * 7 + 3) < 0.93 THEN 'small business' ELSE 'enterprise' END,
       (SELECT start_date FROM demo.meta) - 365 + floor(pg_temp.r(c * 7 + 4) * 1095)::int
FROM generate_series(1, 5000) AS c
JOIN geo g ON g.i = floor(pg_temp.r(c * 7 + 1) * 17)::int
JOIN first f ON f.i = floor(pg_temp.r(c * 7 + 2) * 20)::int
JOIN last l ON l.i = floor(pg_temp.r(c * 7 + 5) * 20)::int;

-- ---------------------------------------------------------------- products
CREATE TABLE demo.products (
  product_id  integer PRIMARY KEY,
  name        text NOT NULL,
  category    text NOT NULL,
  unit_price  numeric(10,2) NOT NULL,
  unit_cost   numeric(10,2) NOT NULL
);
COMMENT ON TABLE demo.products IS 'The product catalogue with list price and cost.';
COMMENT ON COLUMN demo.products.category IS 'Product category: Electronics, Home, Outdoor, Apparel, Beauty or Books.';

WITH cat(i, category, base) AS (VALUES (0, 'Electronics', 180), (1, 'Home', 60), (2, 'Outdoor', 90), (3, 'Apparel', 45), (4, 'Beauty', 25), (5, 'Books', 18)),
adj(i, a) AS (SELECT i - 1, a FROM unnest(ARRAY['Classic','Pro','Eco','Smart','Compact','Deluxe','Urban','Nordic']) WITH ORDINALITY AS t(a, i)),
noun(c, i, n) AS (VALUES (0,0,'Headphones'),(0,1,'Speaker'),(0,2,'Charger'),(0,3,'Camera'),(1,0,'Lamp'),(1,1,'Kettle'),(1,2,'Blanket'),(1,3,'Vase'),
                         (2,0,'Tent'),(2,1,'Backpack'),(2,2,'Bottle'),(2,3,'Jacket'),(3,0,'T-Shirt'),(3,1,'Sneakers'),(3,2,'Hoodie'),(3,3,'Cap'),
                         (4,0,'Serum'),(4,1,'Cream'),(4,2,'Shampoo'),(4,3,'Perfume'),(5,0,'Novel'),(5,1,'Cookbook'),(5,2,'Atlas'),(5,3,'Guide'))
INSERT INTO demo.products
SELECT p, a.a || ' ' || n.n || ' ' || p, c.category,
       round((c.base * (0.5 + pg_temp.r(p * 11 + 2) * 1.5))::numeric, 2),
       round((c.base * (0.5 + pg_temp.r(p * 11 + 2) * 1.5) * (0.35 + pg_temp.r(p * 11 + 3) * 0.3))::numeric, 2)
FROM generate_series(1, 120) AS p
JOIN cat c ON c.i = p % 6
JOIN adj a ON a.i = floor(pg_temp.r(p * 11 + 1) * 8)::int
JOIN noun n ON n.c = p % 6 AND n.i = floor(pg_temp.r(p * 11 + 4) * 4)::int;

-- ---------------------------------------------------------------- days (demand curve, dropped at the end)
CREATE TABLE pg_temp.days AS
SELECT d AS idx, (SELECT start_date FROM demo.meta) + d AS day,
       -- trend +60% over two years, weekends busier, a December peak, a summer dip
       (1 + 0.6 * d / 730.0)
       * (CASE extract(isodow FROM (SELECT start_date FROM demo.meta) + d) WHEN 6 THEN 1.25 WHEN 7 THEN 1.3 WHEN 1 THEN 0.9 ELSE 1 END)
       * (1 + 0.25 * cos(2 * pi() * (extract(doy FROM (SELECT start_date FROM demo.meta) + d) - 350) / 365.0))
       -- anomalies: a promotion spike and a checkout outage
       * (CASE WHEN d BETWEEN 400 AND 402 THEN 3.0 WHEN d = 550 THEN 0.1 ELSE 1 END) AS demand
FROM generate_series(0, 729) AS d;

-- ---------------------------------------------------------------- orders and order lines
CREATE TABLE demo.orders (
  order_id     integer PRIMARY KEY,
  customer_id  integer NOT NULL REFERENCES demo.customers(customer_id),
  order_date   date NOT NULL,
  status       text NOT NULL,
  channel      text NOT NULL
);
COMMENT ON TABLE demo.orders IS 'Customer orders; one row per order. Revenue is in order_lines.';
COMMENT ON COLUMN demo.orders.status IS 'completed, shipped, cancelled or returned.';
COMMENT ON COLUMN demo.orders.channel IS 'Where the order was placed: web, mobile app, marketplace or retail.';

INSERT INTO demo.orders
SELECT row_number() OVER (ORDER BY d.idx, k)::int,
       1 + floor(pg_temp.r(d.idx * 1000 + k) * 5000)::int,
       d.day,
       CASE WHEN pg_temp.r(d.idx * 1000 + k + 17) < 0.04 THEN 'cancelled' WHEN pg_temp.r(d.idx * 1000 + k + 17) < 0.08 THEN 'returned'
            WHEN d.idx > 720 AND pg_temp.r(d.idx * 1000 + k + 17) < 0.5 THEN 'shipped' ELSE 'completed' END,
       (ARRAY['web', 'web', 'mobile app', 'mobile app', 'marketplace', 'retail'])[1 + floor(pg_temp.r(d.idx * 1000 + k + 29) * 6)::int]
FROM pg_temp.days d
CROSS JOIN LATERAL generate_series(1, floor(42 * d.demand * (0.85 + 0.3 * pg_temp.r(d.idx)))::int) AS k;

CREATE INDEX ON demo.orders (order_date);
CREATE INDEX ON demo.orders (customer_id);

CREATE TABLE demo.order_lines (
  line_id     integer PRIMARY KEY,
  order_id    integer NOT NULL REFERENCES demo.orders(order_id),
  product_id  integer NOT NULL REFERENCES demo.products(product_id),
  quantity    integer NOT NULL,
  unit_price  numeric(10,2) NOT NULL,
  discount    numeric(4,2) NOT NULL,
  revenue     numeric(12,2) NOT NULL
);
COMMENT ON TABLE demo.order_lines IS 'The products in each order; revenue = quantity × unit_price × (1 − discount).';
COMMENT ON COLUMN demo.order_lines.revenue IS 'Net sales revenue of the line in USD.';

INSERT INTO demo.order_lines
SELECT row_number() OVER (ORDER BY o.order_id, l)::int, o.order_id, p.product_id, q.quantity, p.unit_price, q.discount,
       round(q.quantity * p.unit_price * (1 - q.discount), 2)
FROM demo.orders o
CROSS JOIN LATERAL generate_series(1, 1 + floor(pg_temp.r(o.order_id * 13) * 4)::int) AS l
CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.r(o.order_id * 13 + l) * 120)::int AS pid,
                           1 + floor(pg_temp.r(o.order_id * 13 + l + 5) ^ 3 * 5)::int AS quantity,
                           CASE WHEN pg_temp.r(o.order_id * 13 + l + 7) < 0.8 THEN 0 ELSE 0.1 * ceil(pg_temp.r(o.order_id * 13 + l + 9) * 3) END::numeric(4,2) AS discount) q
JOIN demo.products p ON p.product_id = q.pid;

CREATE INDEX ON demo.order_lines (order_id);
CREATE INDEX ON demo.order_lines (product_id);

-- ---------------------------------------------------------------- payments
CREATE TABLE demo.charges (
  charge_id    integer PRIMARY KEY,
  order_id     integer NOT NULL REFERENCES demo.orders(order_id),
  customer_id  integer NOT NULL REFERENCES demo.customers(customer_id),
  amount       numeric(12,2) NOT NULL,
  currency     text NOT NULL,
  status       text NOT NULL,
  payment_method text NOT NULL,
  created_at   timestamptz NOT NULL
);
COMMENT ON TABLE demo.charges IS 'Card and wallet payments taken for orders (payment processor charges).';
COMMENT ON COLUMN demo.charges.status IS 'succeeded or failed.';

INSERT INTO demo.charges
SELECT o.order_id, o.order_id, o.customer_id, t.total, 'USD',
       CASE WHEN pg_temp.r(o.order_id * 31) < 0.03 THEN 'failed' ELSE 'succeeded' END,
       (ARRAY['card', 'card', 'card', 'paypal', 'apple pay', 'bank transfer'])[1 + floor(pg_temp.r(o.order_id * 31 + 1) * 6)::int],
       o.order_date + make_interval(secs => floor(pg_temp.r(o.order_id * 31 + 2) * 86399))
FROM demo.orders o
JOIN (SELECT order_id, sum(revenue) AS total FROM demo.order_lines GROUP BY order_id) t ON t.order_id = o.order_id
WHERE o.status <> 'cancelled';
CREATE INDEX ON demo.charges (created_at);

CREATE TABLE demo.refunds (
  refund_id   integer PRIMARY KEY,
  charge_id   integer NOT NULL REFERENCES demo.charges(charge_id),
  amount      numeric(12,2) NOT NULL,
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL
);
COMMENT ON TABLE demo.refunds IS 'Money returned to customers for a charge.';

INSERT INTO demo.refunds
SELECT row_number() OVER (ORDER BY c.charge_id)::int, c.charge_id,
       CASE WHEN pg_temp.r(c.charge_id * 37 + 1) < 0.7 THEN c.amount ELSE round(c.amount * 0.5, 2) END,
       (ARRAY['returned item', 'damaged', 'late delivery', 'duplicate'])[1 + floor(pg_temp.r(c.charge_id * 37 + 2) * 4)::int],
       c.created_at + make_interval(days => 3 + floor(pg_temp.r(c.charge_id * 37 + 3) * 20)::int)
FROM demo.charges c JOIN demo.orders o ON o.order_id = c.order_id
WHERE c.status = 'succeeded' AND (o.status = 'returned' OR pg_temp.r(c.charge_id * 37) < 0.01);

CREATE TABLE demo.disputes (
  dispute_id  integer PRIMARY KEY,
  charge_id   integer NOT NULL REFERENCES demo.charges(charge_id),
  amount      numeric(12,2) NOT NULL,
  reason      text NOT NULL,
  status      text NOT NULL,
  created_at  timestamptz NOT NULL
);
COMMENT ON TABLE demo.disputes IS 'Chargebacks customers opened with their bank.';

INSERT INTO demo.disputes
SELECT row_number() OVER (ORDER BY c.charge_id)::int, c.charge_id, c.amount,
       (ARRAY['fraudulent', 'product not received', 'not as described'])[1 + floor(pg_temp.r(c.charge_id * 41 + 1) * 3)::int],
       (ARRAY['won', 'lost', 'lost', 'open'])[1 + floor(pg_temp.r(c.charge_id * 41 + 2) * 4)::int],
       c.created_at + make_interval(days => 10 + floor(pg_temp.r(c.charge_id * 41 + 3) * 40)::int)
FROM demo.charges c
WHERE c.status = 'succeeded' AND pg_temp.r(c.charge_id * 41) < 0.005;

CREATE TABLE demo.payouts (
  payout_id     integer PRIMARY KEY,
  amount        numeric(14,2) NOT NULL,
  currency      text NOT NULL,
  arrival_date  date NOT NULL,
  status        text NOT NULL
);
COMMENT ON TABLE demo.payouts IS 'Transfers from the payment processor to the bank account: a day of charges less refunds, two days later.';

INSERT INTO demo.payouts
SELECT row_number() OVER (ORDER BY d.day)::int, coalesce(c.total, 0) - coalesce(f.total, 0),
       'USD', d.day + 2, CASE WHEN d.day + 2 >= (SELECT end_date FROM demo.meta) THEN 'in transit' ELSE 'paid' END
FROM pg_temp.days d
LEFT JOIN (SELECT created_at::date AS day, sum(amount) AS total FROM demo.charges WHERE status = 'succeeded' GROUP BY 1) c ON c.day = d.day
LEFT JOIN (SELECT created_at::date AS day, sum(amount) AS total FROM demo.refunds GROUP BY 1) f ON f.day = d.day;

CREATE TABLE demo.subscriptions (
  subscription_id  integer PRIMARY KEY,
  customer_id      integer NOT NULL REFERENCES demo.customers(customer_id),
  plan             text NOT NULL,
  status           text NOT NULL,
  mrr              numeric(10,2) NOT NULL,
  currency         text NOT NULL,
  started_at       timestamptz NOT NULL,
  canceled_at      timestamptz
);
COMMENT ON TABLE demo.subscriptions IS 'Membership subscriptions (the recurring revenue): one row per subscription, with its monthly recurring revenue (MRR).';
COMMENT ON COLUMN demo.subscriptions.status IS 'active or canceled.';
COMMENT ON COLUMN demo.subscriptions.plan IS 'basic, plus or premium.';

-- A quarter of the customers subscribe, some before the history starts; about a third cancel
-- 1 to 14 months later (those cancelling after the last day are still active).
INSERT INTO demo.subscriptions
SELECT row_number() OVER (ORDER BY c)::int, c, x.plan, CASE WHEN x.canceled_at IS NULL THEN 'active' ELSE 'canceled' END,
       x.mrr, 'USD', x.started_at, x.canceled_at
FROM generate_series(1, 5000) AS c
CROSS JOIN LATERAL (
  SELECT (ARRAY['basic', 'basic', 'plus', 'plus', 'premium'])[1 + floor(pg_temp.r(c * 53 + 1) * 5)::int] AS plan,
         (ARRAY[19, 19, 49, 49, 149])[1 + floor(pg_temp.r(c * 53 + 1) * 5)::int]::numeric(10,2) AS mrr,
         ((SELECT start_date FROM demo.meta) - 180 + floor(pg_temp.r(c * 53 + 2) * 900)::int) + make_interval(secs => floor(pg_temp.r(c * 53 + 5) * 86399)) AS started_at) s
CROSS JOIN LATERAL (
  SELECT s.plan, s.mrr, s.started_at,
         CASE WHEN pg_temp.r(c * 53 + 3) < 0.35 AND s.started_at + make_interval(days => 30 + floor(pg_temp.r(c * 53 + 4) * 400)::int) < (SELECT end_date FROM demo.meta) + 1
              THEN s.started_at + make_interval(days => 30 + floor(pg_temp.r(c * 53 + 4) * 400)::int) END AS canceled_at) x
WHERE pg_temp.r(c * 53) < 0.25 AND s.started_at < (SELECT end_date FROM demo.meta) + 1;

-- ---------------------------------------------------------------- advertising
CREATE TABLE demo.ad_campaigns (
  campaign_id   integer PRIMARY KEY,
  name          text NOT NULL,
  platform      text NOT NULL,
  objective     text NOT NULL,
  start_date    date NOT NULL,
  end_date      date,
  daily_budget  numeric(10,2) NOT NULL
);
COMMENT ON TABLE demo.ad_campaigns IS 'Paid advertising campaigns on Google, Meta, TikTok and LinkedIn.';
COMMENT ON COLUMN demo.ad_campaigns.platform IS 'google, meta, tiktok or linkedin.';

INSERT INTO demo.ad_campaigns
SELECT c, initcap((ARRAY['spring sale', 'brand awareness', 'retargeting', 'new arrivals', 'holiday push', 'lookalike prospecting'])[1 + (c % 6)]) || ' ' || c,
       (ARRAY['google', 'meta', 'tiktok', 'linkedin'])[1 + (c % 4)],
       (ARRAY['conversions', 'traffic', 'awareness'])[1 + floor(pg_temp.r(c * 43) * 3)::int],
       (SELECT start_date FROM demo.meta) + floor(pg_temp.r(c * 43 + 1) * 600)::int,
       CASE WHEN pg_temp.r(c * 43 + 2) < 0.3 THEN NULL ELSE (SELECT start_date FROM demo.meta) + 600 + floor(pg_temp.r(c * 43 + 3) * 129)::int END,
       round((50 + pg_temp.r(c * 43 + 4) * 450)::numeric, 2)
FROM generate_series(1, 24) AS c;

CREATE TABLE demo.ad_daily_performance (
  campaign_id       integer NOT NULL REFERENCES demo.ad_campaigns(campaign_id),
  day               date NOT NULL,
  impressions       integer NOT NULL,
  clicks            integer NOT NULL,
  spend             numeric(10,2) NOT NULL,
  conversions       integer NOT NULL,
  conversion_value  numeric(12,2) NOT NULL,
  PRIMARY KEY (campaign_id, day)
);
COMMENT ON TABLE demo.ad_daily_performance IS 'Daily results of each ad campaign: impressions, clicks, spend, conversions (ROAS = conversion_value / spend).';

INSERT INTO demo.ad_daily_performance
SELECT c.campaign_id, d.day, x.impressions, x.clicks, x.spend,
       floor(x.clicks * (0.01 + 0.04 * pg_temp.r(c.campaign_id * 100000 + d.idx * 3 + 2)))::int,
       round((x.clicks * (0.01 + 0.04 * pg_temp.r(c.campaign_id * 100000 + d.idx * 3 + 2)) * (40 + 80 * pg_temp.r(c.campaign_id)))::numeric, 2)
FROM demo.ad_campaigns c
JOIN pg_temp.days d ON d.day >= c.start_date AND (c.end_date IS NULL OR d.day <= c.end_date)
CROSS JOIN LATERAL (
  SELECT floor(c.daily_budget * 60 * d.demand * (0.8 + 0.4 * pg_temp.r(c.campaign_id * 100000 + d.idx * 3)))::int AS impressions,
         floor(c.daily_budget * 60 * d.demand * (0.8 + 0.4 * pg_temp.r(c.campaign_id * 100000 + d.idx * 3)) * (0.005 + 0.02 * pg_temp.r(c.campaign_id * 7)))::int AS clicks,
         -- an ad-spend glitch: campaign 5 overspent tenfold for one day
         round((c.daily_budget * (0.85 + 0.15 * pg_temp.r(c.campaign_id * 100000 + d.idx * 3 + 1)) * CASE WHEN c.campaign_id = 5 AND d.idx = 620 THEN 10 ELSE 1 END)::numeric, 2) AS spend) x;

-- ---------------------------------------------------------------- social media
CREATE TABLE demo.social_accounts (
  account_id  integer PRIMARY KEY,
  platform    text NOT NULL,
  handle      text NOT NULL
);
COMMENT ON TABLE demo.social_accounts IS 'The brand''s social media accounts.';
INSERT INTO demo.social_accounts VALUES (1, 'instagram', '@parleyshop'), (2, 'tiktok', '@parleyshop'), (3, 'linkedin', 'Parley Shop'), (4, 'x', '@parley_shop');

CREATE TABLE demo.social_posts (
  post_id      integer PRIMARY KEY,
  account_id   integer NOT NULL REFERENCES demo.social_accounts(account_id),
  posted_at    timestamptz NOT NULL,
  post_type    text NOT NULL,
  impressions  integer NOT NULL,
  likes        integer NOT NULL,
  comments     integer NOT NULL,
  shares       integer NOT NULL
);
COMMENT ON TABLE demo.social_posts IS 'Posts published on the social accounts with their engagement.';

INSERT INTO demo.social_posts
SELECT row_number() OVER (ORDER BY d.idx, a.account_id)::int, a.account_id,
       d.day + make_interval(hours => 8 + floor(pg_temp.r(d.idx * 10 + a.account_id) * 12)::int),
       (ARRAY['image', 'video', 'carousel', 'text'])[1 + floor(pg_temp.r(d.idx * 10 + a.account_id + 1) * 4)::int],
       x.imp, floor(x.imp * 0.04 * pg_temp.r(d.idx * 10 + a.account_id + 2))::int,
       floor(x.imp * 0.004 * pg_temp.r(d.idx * 10 + a.account_id + 3))::int,
       floor(x.imp * 0.002 * pg_temp.r(d.idx * 10 + a.account_id + 4))::int
FROM pg_temp.days d CROSS JOIN demo.social_accounts a
CROSS JOIN LATERAL (SELECT floor(2000 * a.account_id * (1 + d.idx / 365.0) * (0.3 + 1.4 * pg_temp.r(d.idx * 10 + a.account_id + 5)))::int AS imp) x
WHERE pg_temp.r(d.idx * 10 + a.account_id + 6) < 0.6;

CREATE TABLE demo.social_daily_metrics (
  account_id     integer NOT NULL REFERENCES demo.social_accounts(account_id),
  day            date NOT NULL,
  followers      integer NOT NULL,
  impressions    integer NOT NULL,
  engagements    integer NOT NULL,
  profile_views  integer NOT NULL,
  PRIMARY KEY (account_id, day)
);
COMMENT ON TABLE demo.social_daily_metrics IS 'Daily follower count and reach of each social account.';

INSERT INTO demo.social_daily_metrics
SELECT a.account_id, d.day,
       floor(5000 * a.account_id * (1 + 0.9 * d.idx / 730.0) + 300 * sin(d.idx / 20.0))::int,
       floor(8000 * a.account_id * d.demand * (0.7 + 0.6 * pg_temp.r(d.idx * 20 + a.account_id)))::int,
       floor(400 * a.account_id * d.demand * (0.7 + 0.6 * pg_temp.r(d.idx * 20 + a.account_id + 1)))::int,
       floor(120 * a.account_id * d.demand * (0.7 + 0.6 * pg_temp.r(d.idx * 20 + a.account_id + 2)))::int
FROM pg_temp.days d CROSS JOIN demo.social_accounts a;

DROP TABLE pg_temp.days;
DROP FUNCTION pg_temp.r(bigint);
ANALYZE demo.customers, demo.products, demo.orders, demo.order_lines, demo.charges, demo.refunds, demo.disputes, demo.payouts, demo.subscriptions,
        demo.ad_campaigns, demo.ad_daily_performance, demo.social_accounts, demo.social_posts, demo.social_daily_metrics;

-- Questions run as a role that can only read the demo tables: no writes, no temp tables, no new
-- objects, even if a statement got past the SQL guard and the read-only transaction.
CREATE ROLE parley_demo_reader NOLOGIN;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
GRANT CONNECT ON DATABASE postgres TO parley_demo_reader;
-- No public schema: nothing but the demo's tables exists to be named.
DROP SCHEMA public CASCADE;
GRANT USAGE ON SCHEMA demo TO parley_demo_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA demo TO parley_demo_reader;
