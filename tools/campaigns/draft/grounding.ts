import type { TableArtifactData } from '../../artifacts';
import { datasourceCatalog, runGuardedQuery, type SqlLimits } from '../../sql/run-guarded';
import type { ToolContext } from '../../types';
import type { CampaignPlatform } from '../model';

/**
 * The facts a draft is grounded in, fetched from the conversation's datasource through the same
 * guarded path every query takes (guard → read-only → limits → audit): the best-selling
 * categories and products with their prices, the countries that buy them, and the best earlier
 * campaign on the platform by ROAS. Each fact comes with the SQL that fetched it and a note in
 * plain words; a datasource without such tables gives no facts, said so, never invented ones.
 */

export interface CampaignFacts {
  region: string | null;
  /** The category the draft is about: the one the brief names, else the best-selling. */
  category: { name: string; revenue: number } | null;
  /** All categories by revenue, best first. */
  categories: { name: string; revenue: number }[];
  /** The category's best-selling products, best first, with list prices. */
  products: { name: string; shortName: string; price: number; revenue: number }[];
  /** Where the region's buyers are, by revenue. */
  countries: string[];
  pastCampaign: { name: string; objective: string; dailyBudget: number; roas: number; spend: number } | null;
  notes: string[];
  sql: string[];
  /** What the sales figures are in (the demo warehouse's revenue is USD). */
  dataCurrency: string;
}

const SALES_TABLES = ['orders', 'order_lines', 'products', 'customers'];
const AD_TABLES = ['ad_campaigns', 'ad_daily_performance'];
const DAYS = 90;

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
const num = (v: unknown) => Math.round(Number(v) * 100) / 100;
const money = (v: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(v);

/** "Smart Headphones 42" → "Smart Headphones": the catalogue's trailing id is not copy. */
export function shortProductName(name: string): string {
  return name.replace(/\s+#?\d+$/, '').trim();
}

/** The schema that holds all of `tables`, if one does. */
async function schemaWith(ctx: ToolContext, tables: string[]): Promise<string | null> {
  if (ctx.datasource.kind !== 'postgres') return null;
  const catalog = await datasourceCatalog(ctx);
  for (const schema of ctx.datasource.schemas) {
    const names = new Set(catalog.tables.filter((t) => t.schema === schema).map((t) => t.name));
    if (tables.every((t) => names.has(t))) return schema;
  }
  return null;
}

async function rows(ctx: ToolContext, sql: string, limits: SqlLimits, facts: CampaignFacts): Promise<unknown[][] | null> {
  const out = await runGuardedQuery(ctx, sql, limits);
  if (!out.ok || !out.result.ok) {
    ctx.log.warn({ sql, error: out.ok ? undefined : out.error }, 'campaign grounding query failed');
    facts.notes.push('One of the queries for the facts failed, so the draft uses less of your data than it could.');
    return null;
  }
  facts.sql.push(sql);
  const table = out.result.artifacts?.find((a) => a.kind === 'table')?.data as TableArtifactData | undefined;
  return table?.rows ?? [];
}

/** The ad_campaigns platform name for a draft's platform. */
function adPlatform(platform: CampaignPlatform): string {
  return platform === 'google_search' || platform === 'google_pmax' ? 'google' : platform;
}

export async function groundCampaign(
  ctx: ToolContext,
  req: { platform: CampaignPlatform; brief: string; region: string | null; pastCampaign: boolean },
  limits: SqlLimits,
): Promise<CampaignFacts> {
  const facts: CampaignFacts = { region: req.region, category: null, categories: [], products: [], countries: [], pastCampaign: null, notes: [], sql: [], dataCurrency: 'USD' };
  const sales = await schemaWith(ctx, SALES_TABLES);
  if (!sales) {
    facts.notes.push(`The datasource "${ctx.datasource.name}" has no sales tables (orders, order lines, products, customers), so the draft is not grounded in sales data.`);
  } else {
    const s = (t: string) => `${sales}.${t}`;
    const regionWhere = req.region ? ` AND c.region = ${quote(req.region)}` : '';
    const from = `FROM ${s('order_lines')} l JOIN ${s('orders')} o ON o.order_id = l.order_id JOIN ${s('products')} p ON p.product_id = l.product_id JOIN ${s('customers')} c ON c.customer_id = o.customer_id`;
    const recent = `o.status IN ('completed', 'shipped') AND o.order_date > (SELECT max(order_date) FROM ${s('orders')}) - ${DAYS}${regionWhere}`;
    const where = (extra = '') => `WHERE ${recent}${extra}`;
    const cats = await rows(ctx, `SELECT p.category, round(sum(l.revenue), 2) AS revenue ${from} ${where()} GROUP BY p.category ORDER BY revenue DESC`, limits, facts);
    facts.categories = (cats ?? []).map((r) => ({ name: String(r[0]), revenue: num(r[1]) }));
    const named = facts.categories.find((c) => new RegExp(`\\b${c.name.replace(/[^\w ]/g, '')}\\b`, 'i').test(req.brief));
    facts.category = named ?? facts.categories[0] ?? null;
    const where2 = req.region ? ` in ${req.region}` : '';
    if (facts.category) {
      const cat = facts.category;
      facts.notes.push(
        named
          ? `${cat.name}, as the brief asks: ${money(cat.revenue, facts.dataCurrency)} of sales${where2} in the last ${DAYS} days.`
          : `Best-selling category${where2} in the last ${DAYS} days: ${cat.name}, ${money(cat.revenue, facts.dataCurrency)} of sales.`,
      );
      const prods = await rows(ctx, `SELECT p.name, p.unit_price, round(sum(l.revenue), 2) AS revenue ${from} ${where(` AND p.category = ${quote(cat.name)}`)} GROUP BY p.name, p.unit_price ORDER BY revenue DESC LIMIT 3`, limits, facts);
      facts.products = (prods ?? []).map((r) => ({ name: String(r[0]), shortName: shortProductName(String(r[0])), price: num(r[1]), revenue: num(r[2]) }));
      if (facts.products.length) facts.notes.push(`Its best sellers: ${facts.products.map((p) => `${p.name} (${money(p.price, facts.dataCurrency)})`).join(', ')}.`);
      const geo = await rows(ctx, `SELECT c.country, round(sum(l.revenue), 2) AS revenue ${from} ${where(` AND p.category = ${quote(cat.name)}`)} GROUP BY c.country ORDER BY revenue DESC LIMIT 6`, limits, facts);
      facts.countries = (geo ?? []).map((r) => String(r[0]));
    } else {
      facts.notes.push(`No sales${where2} in the last ${DAYS} days, so the draft names no category or products.`);
    }
  }
  if (req.pastCampaign) {
    const ads = await schemaWith(ctx, AD_TABLES);
    if (!ads) facts.notes.push('The brief asks to follow an earlier campaign, but the datasource has no ad performance tables.');
    else {
      const quarter = `date_trunc('quarter', (SELECT max(day) FROM ${ads}.ad_daily_performance))`;
      const sql =
        `SELECT c.name, c.objective, c.daily_budget, round(sum(d.conversion_value) / nullif(sum(d.spend), 0), 2) AS roas, round(sum(d.spend), 2) AS spend ` +
        `FROM ${ads}.ad_campaigns c JOIN ${ads}.ad_daily_performance d ON d.campaign_id = c.campaign_id ` +
        `WHERE c.platform = ${quote(adPlatform(req.platform))} AND d.day >= ${quarter} - interval '3 months' AND d.day < ${quarter} ` +
        `GROUP BY c.campaign_id, c.name, c.objective, c.daily_budget HAVING sum(d.spend) > 0 ORDER BY roas DESC LIMIT 1`;
      const best = (await rows(ctx, sql, limits, facts))?.[0];
      if (best) {
        facts.pastCampaign = { name: String(best[0]), objective: String(best[1]), dailyBudget: num(best[2]), roas: num(best[3]), spend: num(best[4]) };
        const p = facts.pastCampaign;
        facts.notes.push(`Best ${adPlatform(req.platform)} campaign last quarter by ROAS: "${p.name}" (${p.objective}), ROAS ${p.roas} on ${money(p.spend, facts.dataCurrency)} spend, ${money(p.dailyBudget, facts.dataCurrency)} a day.`);
      } else facts.notes.push(`No ${adPlatform(req.platform)} campaign ran last quarter, so there is no earlier campaign to follow.`);
    }
  }
  return facts;
}
