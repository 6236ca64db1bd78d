// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TableArtifactData } from '../../../tools/artifacts';
import { TableView } from './table-view';

afterEach(cleanup);

const regions = ['north', 'south', 'east', 'west'];
const data: TableArtifactData = {
  columns: [
    { name: 'region', kind: 'string' },
    { name: 'revenue', kind: 'number', unit: 'currency', currency: 'USD' },
  ],
  rows: Array.from({ length: 120 }, (_, i) => [regions[i % 4], i === 7 ? null : (i * 37) % 101]),
  rowCount: 12_000,
  truncated: true,
  sql: 'SELECT region, revenue FROM sales',
};

const firstCells = () => screen.getAllByRole('row').slice(1, 4).map((r) => within(r).getAllByRole('cell')[1].textContent);

describe('TableView', () => {
  it('shows 50 rows a page, says how many rows exist, and pages forward and back', () => {
    render(<TableView id="t" title="Revenue" data={data} />);
    expect(screen.getAllByRole('row')).toHaveLength(51);
    expect(screen.getByText('first 120 of 12,000 rows')).toBeTruthy();
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('Page 3 of 3')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(21);
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sorts by a column ascending, then descending, then back to the original order, nulls last', () => {
    render(<TableView id="t" data={data} />);
    const header = screen.getByRole('button', { name: /revenue/ });
    fireEvent.click(header);
    const values = data.rows.map((r) => r[1]).filter((v): v is number => v !== null);
    const money = (n: number) => `$${n.toFixed(2)}`;
    expect(firstCells()).toEqual([...values].sort((a, b) => a - b).slice(0, 3).map(money));
    expect(screen.getByRole('columnheader', { name: /revenue/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(header);
    expect(firstCells()).toEqual([...values].sort((a, b) => b - a).slice(0, 3).map(money));
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    const rows = screen.getAllByRole('row');
    expect(within(rows[rows.length - 1]).getAllByRole('cell')[1].textContent).toBe('—');
    fireEvent.click(header);
    expect(firstCells()).toEqual(data.rows.slice(0, 3).map((r) => money(r[1] as number)));
  });

  it('shows the SQL on demand and downloads the rows as CSV', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:x'));
    URL.revokeObjectURL = vi.fn();
    render(<TableView id="t" title="Revenue by region" data={data} />);
    expect(screen.queryByText('SELECT')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show SQL' }));
    expect(screen.getByText('SELECT')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    const csv = await created[0].text();
    expect(csv.split('\r\n').slice(0, 3)).toEqual(['region,revenue', 'north,0', 'south,37']);
    expect(csv.split('\r\n')).toHaveLength(122);
  });

  it('shows at most 10,000 rows', () => {
    const big: TableArtifactData = { columns: [{ name: 'n', kind: 'integer' }], rows: Array.from({ length: 10_050 }, (_, i) => [i]), rowCount: 10_050, truncated: false };
    render(<TableView id="t" data={big} />);
    expect(screen.getByText('Page 1 of 200')).toBeTruthy();
    expect(screen.getByText('first 10,000 of 10,050 rows')).toBeTruthy();
  });
});
