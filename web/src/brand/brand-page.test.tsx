// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrandKit } from '../../../tools/campaigns/model';
import { fail, fakeApi, ok } from '../testing/fake-api';
import { BrandPage } from './brand-page';

const kit = (): BrandKit => ({
  voice: 'Warm, plain, outdoorsy.',
  bannedTerms: ['cheapest', 'guaranteed'],
  preferredTerms: [{ use: 'boots', insteadOf: 'shoes' }],
  requiredDisclaimers: [{ text: 'Terms apply.', where: 'any_description' }],
  trademarks: ['TrailMax'],
  language: 'en',
});

/** The brand kit as the test's stand-in for the server keeps it; PUT refuses a language that is not a code, as the server's zod schema does. */
function server() {
  let stored = kit();
  const api = fakeApi({
    'GET /brand': () => ok(stored),
    'PUT /brand': ({ body }) => {
      if (!/^[a-z]{2}$/.test(body.language)) return fail(400, 'brand:invalid', 'language must be a two-letter ISO 639-1 code, like "en".');
      stored = body;
      return ok(stored);
    },
  });
  render(<BrandPage onBack={() => undefined} />);
  return { api, stored: () => stored };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('BrandPage', () => {
  it('shows the kit and saves every part of it with PUT /api/brand', async () => {
    const s = server();
    const banned = (await screen.findByLabelText('Banned terms')) as HTMLTextAreaElement;
    expect(banned.value).toBe('cheapest\nguaranteed');
    expect((screen.getByLabelText('Use (term 1)') as HTMLInputElement).value).toBe('boots');
    fireEvent.change(banned, { target: { value: 'cheapest\nguaranteed\n\n  best ever  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a preferred term' }));
    fireEvent.change(screen.getByLabelText('Use (term 2)'), { target: { value: 'jacket' } });
    fireEvent.change(screen.getByLabelText('Instead of (term 2)'), { target: { value: 'coat' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a disclaimer' }));
    fireEvent.change(screen.getByLabelText('Disclaimer 2'), { target: { value: 'Prices include VAT.' } });
    fireEvent.change(screen.getByLabelText('Where disclaimer 2 goes'), { target: { value: 'primary_text' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove disclaimer 1' }));
    fireEvent.change(screen.getByLabelText('Trademarks, spelled as the brand spells them'), { target: { value: 'TrailMax\nAlpineGrip' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the brand kit' }));
    await screen.findByText('Brand kit saved.');
    expect(s.stored()).toEqual({
      voice: 'Warm, plain, outdoorsy.',
      bannedTerms: ['cheapest', 'guaranteed', 'best ever'],
      preferredTerms: [
        { use: 'boots', insteadOf: 'shoes' },
        { use: 'jacket', insteadOf: 'coat' },
      ],
      requiredDisclaimers: [{ text: 'Prices include VAT.', where: 'primary_text' }],
      trademarks: ['TrailMax', 'AlpineGrip'],
      language: 'en',
    });
  });

  it('shows a refusal in words and keeps what was typed', async () => {
    const s = server();
    const language = (await screen.findByLabelText('Language of the copy')) as HTMLInputElement;
    fireEvent.change(language, { target: { value: 'English' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the brand kit' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not save the brand kit: language must be a two-letter ISO 639-1 code, like "en".');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(language.value).toBe('English');
    expect(s.stored().language).toBe('en');
    fireEvent.change(language, { target: { value: 'fr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the brand kit' }));
    await screen.findByText('Brand kit saved.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(s.stored().language).toBe('fr');
  });

  it('is read-only for members who may not change it', async () => {
    fakeApi({ 'GET /brand': () => ok(kit()) });
    render(<BrandPage onBack={() => undefined} readOnly />);
    expect(((await screen.findByLabelText('Banned terms')) as HTMLTextAreaElement).closest('fieldset')!.disabled).toBe(true);
    expect(screen.getByText('Only admins change the brand kit; ask one of them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save the brand kit' })).toBeNull();
  });

  it('says why the kit could not be loaded', async () => {
    fakeApi({ 'GET /brand': () => fail(403, 'auth:forbidden', 'Only analysts and admins may see the brand kit.') });
    render(<BrandPage onBack={() => undefined} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the brand kit: Only analysts and admins may see the brand kit.');
  });
});
