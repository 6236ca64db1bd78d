// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { DatasourceNotice, DatasourcePicker } from './datasource-picker';

afterEach(cleanup);

const list = { status: 'ok' as const, data: [{ id: 'd1', name: 'sales', kind: 'postgres', tableCount: 12 }, { id: 'd2', name: 'hr', kind: 'postgres', tableCount: 3 }] };

describe('DatasourcePicker', () => {
  it('shows the conversation\'s datasource and reports a change (empty choice is the default)', () => {
    const onChange = vi.fn();
    render(<DatasourcePicker value="sales" list={list} onChange={onChange} />);
    const select = screen.getByLabelText('Datasource') as HTMLSelectElement;
    expect(select.value).toBe('sales');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Default datasource', 'sales · 12 tables', 'hr · 3 tables']);
    fireEvent.change(select, { target: { value: 'hr' } });
    fireEvent.change(select, { target: { value: '' } });
    expect(onChange.mock.calls).toEqual([['hr'], [null]]);
  });

  it('names a datasource whose table count the list does not give (the built-in demo warehouse) without a count', () => {
    const demo = { status: 'ok' as const, data: [{ id: 'demo', name: 'Demo warehouse', kind: 'postgres' }] };
    render(<DatasourcePicker value={null} list={demo} onChange={() => undefined} />);
    const select = screen.getByLabelText('Datasource') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Default datasource', 'Demo warehouse']);
  });

  it('still shows a datasource the list does not know (e.g. removed since)', () => {
    render(<DatasourcePicker value="old-warehouse" list={list} onChange={() => undefined} />);
    expect((screen.getByLabelText('Datasource') as HTMLSelectElement).value).toBe('old-warehouse');
  });

  it('says why when the list cannot be loaded, until dismissed', () => {
    const failed = { status: 'error' as const, error: new ApiError('not_found', 'No API route GET /datasources.', 404) };
    render(
      <>
        <DatasourcePicker value={null} list={failed} onChange={() => undefined} />
        <DatasourceNotice list={failed} />
      </>,
    );
    expect((screen.getByLabelText('Datasource') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Datasources are unavailable (No API route GET /datasources.); questions go to the default datasource.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
