import type { Catalog } from '../sql/catalog';

/** The compact schema text a SQL-writing model reads: one block per table with types, keys, comments and sample values. */
export function schemaText(catalog: Catalog): string {
  return catalog.tables
    .map((t) => {
      const head = `TABLE ${t.schema}.${t.name}${t.comment ? ` -- ${t.comment}` : ''} (~${t.rowEstimate} rows)`;
      const cols = t.columns.map((c) => {
        const bits = [`  ${c.name} ${c.type}`];
        if (t.primaryKey.includes(c.name)) bits.push('PRIMARY KEY');
        const fk = t.foreignKeys.find((f) => f.columns.includes(c.name));
        if (fk) bits.push(`REFERENCES ${fk.refSchema}.${fk.refTable}(${fk.refColumns[fk.columns.indexOf(c.name)]})`);
        if (c.comment) bits.push(`-- ${c.comment}`);
        if (c.samples?.length) bits.push(`-- values: ${c.samples.map((s) => `'${s}'`).join(', ')}`);
        return bits.join(' ');
      });
      return [head, ...cols].join('\n');
    })
    .join('\n\n');
}
