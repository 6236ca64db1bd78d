import type { Catalog, CatalogTable } from '../catalog';

const t = (name: string, columns: [string, string, string[]?][], pk: string[], fks: CatalogTable['foreignKeys'] = [], rows = 1000): CatalogTable => ({
  schema: 'shop',
  name,
  rowEstimate: rows,
  columns: columns.map(([n, type, samples]) => ({ name: n, type, nullable: false, samples })),
  primaryKey: pk,
  foreignKeys: fks,
});

/** A small shop catalog for unit tests of the guard and the semantic parser (mirrors the demo warehouse's shape). */
export const SHOP_CATALOG: Catalog = {
  tables: [
    t('customers', [['customer_id', 'integer'], ['name', 'text'], ['country', 'text', ['Germany', 'France', 'United States']], ['region', 'text', ['Europe', 'North America', 'APAC']], ['segment', 'text', ['consumer', 'enterprise']], ['signup_date', 'date']], ['customer_id'], [], 5000),
    t('products', [['product_id', 'integer'], ['name', 'text'], ['category', 'text', ['Electronics', 'Home', 'Books']], ['unit_price', 'numeric'], ['unit_cost', 'numeric']], ['product_id'], [], 120),
    t('orders', [['order_id', 'integer'], ['customer_id', 'integer'], ['order_date', 'date'], ['status', 'text', ['completed', 'cancelled', 'returned']], ['channel', 'text', ['web', 'mobile app', 'retail']]], ['order_id'],
      [{ columns: ['customer_id'], refSchema: 'shop', refTable: 'customers', refColumns: ['customer_id'] }], 40000),
    t('order_lines', [['line_id', 'integer'], ['order_id', 'integer'], ['product_id', 'integer'], ['quantity', 'integer'], ['unit_price', 'numeric'], ['discount', 'numeric'], ['revenue', 'numeric']], ['line_id'],
      [
        { columns: ['order_id'], refSchema: 'shop', refTable: 'orders', refColumns: ['order_id'] },
        { columns: ['product_id'], refSchema: 'shop', refTable: 'products', refColumns: ['product_id'] },
      ], 100000),
    t('ad_campaigns', [['campaign_id', 'integer'], ['name', 'text'], ['platform', 'text', ['google', 'meta', 'tiktok']], ['objective', 'text', ['awareness', 'traffic', 'conversions']], ['start_date', 'date']], ['campaign_id'], [], 24),
    t('ad_daily_performance', [['campaign_id', 'integer'], ['day', 'date'], ['impressions', 'integer'], ['clicks', 'integer'], ['spend', 'numeric'], ['conversions', 'integer']], ['campaign_id', 'day'],
      [{ columns: ['campaign_id'], refSchema: 'shop', refTable: 'ad_campaigns', refColumns: ['campaign_id'] }], 9000),
  ],
};
