import type { Catalog, CatalogTable } from '../../tools/sql/catalog';

const DOMAINS = ['sales', 'finance', 'hr', 'marketing', 'support', 'inventory', 'logistics', 'billing', 'product', 'legal', 'procurement', 'fleet', 'clinic', 'school', 'hotel', 'airline', 'energy', 'insurance', 'media', 'retail'];
const ENTITIES = ['account', 'invoice', 'employee', 'campaign', 'ticket', 'warehouse', 'shipment', 'subscription', 'feature', 'contract', 'supplier', 'vehicle', 'patient', 'student', 'booking', 'flight', 'meter', 'policy', 'article', 'store', 'payment', 'refund', 'lead', 'opportunity', 'survey', 'course', 'device', 'claim', 'route', 'budget', 'timesheet', 'review', 'coupon', 'return', 'forecast', 'asset', 'license', 'incident', 'order', 'visit', 'donation', 'auction', 'recipe', 'vendor', 'tenant', 'lease', 'grant', 'match', 'game', 'episode'];
const ATTRS = ['status', 'amount', 'created_at', 'region', 'priority', 'score', 'cost', 'quantity', 'owner_name', 'category', 'duration_minutes', 'rating', 'country', 'channel', 'discount'];

/** A deterministic catalog of `n` tables over many business domains, with foreign keys, for retrieval benchmarks and tests. */
export function generateCatalog(n: number): Catalog {
  const tables: CatalogTable[] = [];
  for (let i = 0; i < n; i++) {
    const domain = DOMAINS[i % DOMAINS.length];
    const entity = ENTITIES[Math.floor(i / DOMAINS.length) % ENTITIES.length];
    const round = Math.floor(i / (DOMAINS.length * ENTITIES.length));
    const name = `${domain}_${entity}${round ? `_v${round + 1}` : ''}`;
    const attrs = [0, 1, 2, 3].map((k) => ATTRS[(i * 7 + k * 3) % ATTRS.length]);
    const prev = tables[i - DOMAINS.length];
    tables.push({
      schema: 'big',
      name,
      comment: `${entity} records of the ${domain} department`,
      rowEstimate: 1000,
      columns: [
        { name: `${entity}_id`, type: 'integer', nullable: false },
        ...[...new Set(attrs)].map((a) => ({ name: `${entity}_${a}`, type: /amount|cost|score|quantity|minutes|rating|discount/.test(a) ? 'numeric' : /_at$/.test(a) ? 'timestamp with time zone' : 'text', nullable: true })),
        ...(prev ? [{ name: `${prev.name}_id`, type: 'integer', nullable: true }] : []),
      ],
      primaryKey: [`${entity}_id`],
      foreignKeys: prev ? [{ columns: [`${prev.name}_id`], refSchema: 'big', refTable: prev.name, refColumns: [prev.primaryKey[0]] }] : [],
    });
  }
  return { tables };
}

/** Words people use instead of the schema's own, so half the questions do not simply repeat table names. */
const PARAPHRASE: Record<string, string> = {
  account: 'client accounts', invoice: 'bills', employee: 'staff members', campaign: 'ad campaigns', ticket: 'support requests',
  warehouse: 'storage sites', shipment: 'deliveries', subscription: 'recurring plans', contract: 'agreements', supplier: 'providers',
  vehicle: 'cars', booking: 'reservations', flight: 'flights', payment: 'payments', refund: 'money returned', lead: 'prospects',
  hr: 'human resources', finance: 'financial', marketing: 'marketing', support: 'customer service', logistics: 'transport',
  billing: 'billing', sales: 'selling', inventory: 'stock', procurement: 'purchasing', fleet: 'fleet',
};

/** Questions with the tables their gold query uses; every other one paraphrased (synonyms, not identifiers). */
export function goldQuestions(catalog: Catalog, count: number): { question: string; tables: string[] }[] {
  const out: { question: string; tables: string[] }[] = [];
  const step = Math.max(1, Math.floor(catalog.tables.length / count));
  for (let i = 0; i < catalog.tables.length && out.length < count; i += step) {
    const t = catalog.tables[i];
    const [rawDomain, entity0] = t.name.split('_');
    const paraphrase = out.length % 2 === 1;
    const domain = paraphrase ? (PARAPHRASE[rawDomain] ?? rawDomain) : rawDomain;
    const entity = paraphrase ? (PARAPHRASE[entity0] ?? entity0) : entity0;
    const attr = t.columns[1].name.replace(`${entity0}_`, '').replace(/_/g, ' ');
    const fk = t.foreignKeys[0];
    if (fk && out.length % 3 === 0) {
      const [, otherEntity] = fk.refTable.split('_');
      out.push({ question: `${attr} of ${domain} ${entity}${paraphrase ? '' : 's'} per ${paraphrase ? (PARAPHRASE[otherEntity] ?? otherEntity) : otherEntity}`, tables: [`big.${t.name}`, `big.${fk.refTable}`] });
    } else {
      out.push({ question: `average ${attr} of ${entity}${paraphrase ? '' : 's'} in ${domain}`, tables: [`big.${t.name}`] });
    }
  }
  return out;
}
