// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Editor } from '@tiptap/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../agent/roles';
import type { GoogleSearchCampaign } from '../../../tools/campaigns/model';
import { SessionProvider } from '../auth/session-context';
import { fail } from '../testing/fake-api';
import '../testing/jsdom-layout';
import { CampaignEditor } from './campaign-editor';
import { campaignServer } from './testing/fake-campaign-server';
import { BANNED_CHEAPEST, record } from './testing/fixtures';

const me = (role: Role) => ({ user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role }, workspace: { id: 'local', name: 'Acme' } });

function open(role: Role = 'analyst') {
  return render(
    <SessionProvider value={{ me: me(role), renewals: 0, expire: () => undefined, signOut: async () => undefined }}>
      <CampaignEditor id="c1" onBack={() => undefined} />
    </SessionProvider>,
  );
}

const box = (name: string) => screen.getByRole('textbox', { name }) as HTMLElement;
const editorOf = (name: string) => (box(name) as unknown as { editor: Editor }).editor;
/** Types at the end of the field, as a person would. */
const typeInto = (name: string, text: string) => act(() => void editorOf(name).chain().focus('end').insertContent(text).run());
const fieldOf = (name: string) => box(name).closest('.copy-field') as HTMLElement;
const counterOf = (name: string) => within(fieldOf(name)).getByText(/^\d+\/\d+$/);
const headlines = () => screen.getAllByRole('textbox', { name: /^Headline \d+$/ }).map((b) => b.textContent);
const patched = (s: ReturnType<typeof campaignServer>, n = -1) => s.patches().at(n)!.body as { baseVersion: number; campaign: GoogleSearchCampaign };
const firstAd = (c: GoogleSearchCampaign) => c.adGroups[0].ads[0];

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('CampaignEditor', () => {
  it('counts a Google headline live and turns the counter red at 31 characters, announcing it once', async () => {
    campaignServer();
    open();
    await screen.findByRole('textbox', { name: 'Headline 1' });
    // The limit comes from the rule set: wait for it.
    await waitFor(() => expect(counterOf('Headline 1').textContent).toBe('28/30'));
    await typeInto('Headline 1', 's!');
    expect(counterOf('Headline 1').textContent).toBe('30/30');
    expect(counterOf('Headline 1').dataset.state).toBe('ok');
    await typeInto('Headline 1', '!');
    expect(counterOf('Headline 1').textContent).toBe('31/30');
    expect(counterOf('Headline 1').dataset.state).toBe('over');
    expect(counterOf('Headline 1').className).toContain('over');
    expect(fieldOf('Headline 1').querySelector('[aria-live="polite"]')!.textContent).toBe('Headline 1 is 31 characters, over the limit of 30.');
    // The over-long text is marked once the debounced check answers.
    await waitFor(() => expect(within(fieldOf('Headline 1')).getByText(/Headline 1 is 31 characters; Google allows 30/)).toBeTruthy(), { timeout: 5000 });
    expect(fieldOf('Headline 1').querySelector('.finding-mark')!.textContent).toBe('!');
  });

  it('counts double-width characters twice where the platform does', async () => {
    campaignServer();
    open();
    await waitFor(() => expect(counterOf('Headline 3').textContent).toBe('21/30'));
    await act(() => void editorOf('Headline 3').commands.setContent({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '登山靴' }] }] }));
    expect(counterOf('Headline 3').textContent).toBe('6/30');
  });

  it('marks the findings of the check in the text, with the message on hover and under the field', async () => {
    campaignServer();
    open();
    await screen.findByRole('textbox', { name: 'Headline 2' });
    const mark = fieldOf('Headline 2').querySelector('.finding-mark') as HTMLElement;
    expect(mark.textContent).toBe('cheapest');
    expect(mark.getAttribute('title')).toBe('“cheapest” is a banned term in your brand kit.');
    expect(within(fieldOf('Headline 2')).getByText('“cheapest” is a banned term in your brand kit.')).toBeTruthy();
    expect(box('Headline 2').getAttribute('aria-describedby')).toContain(fieldOf('Headline 2').querySelector('.copy-findings')!.id);
    // Fixing the word clears the mark after the next check.
    await act(() => void editorOf('Headline 2').commands.setContent({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The best-rated boots' }] }] }, { emitUpdate: true }));
    await waitFor(() => expect(fieldOf('Headline 2').querySelector('.finding-mark')).toBeNull(), { timeout: 5000 });
    expect(screen.getByText('All checks passed')).toBeTruthy();
  });

  it('offers the rule’s suggestion for a finding and puts it in place of the span, undoably', async () => {
    campaignServer({ 'GET /campaigns/:id': () => ({ status: 200, body: { data: record({ findings: [{ ...BANNED_CHEAPEST, rule: 'brand.preferred_term', severity: 'warning', message: 'Use “best-value” instead of “cheapest”.', suggestion: 'best-value' }] }) } }) });
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Use “best-value”' }));
    expect(box('Headline 2').textContent).toBe('The best-value boots in Europe');
    await act(() => void editorOf('Headline 2').commands.undo());
    expect(box('Headline 2').textContent).toBe('The cheapest boots in Europe');
  });

  it('pins a headline to a position and saves the pin', async () => {
    const s = campaignServer();
    open();
    const pin = await screen.findByRole('combobox', { name: 'Pin of Headline 1' });
    expect([...(pin as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['Not pinned', 'Position 1', 'Position 2', 'Position 3']);
    expect((screen.getByRole('combobox', { name: 'Pin of Description 1' }) as HTMLSelectElement).options).toHaveLength(3);
    fireEvent.change(pin, { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(s.patches()).toHaveLength(1));
    expect(firstAd(patched(s).campaign).headlines[0]).toEqual({ id: 'h1', text: 'Hiking Boots for Every Trail', pin: 1 });
    expect(patched(s).baseVersion).toBe(1);
    await screen.findByText('Saved as version 2.');
  });

  it('adds, removes and reorders headlines (buttons and Alt+arrow keys) and keywords', async () => {
    const s = campaignServer();
    open();
    await screen.findByRole('textbox', { name: 'Headline 1' });
    fireEvent.click(screen.getByRole('button', { name: 'Add Headline' }));
    expect(headlines()).toEqual(['Hiking Boots for Every Trail', 'The cheapest boots in Europe', 'Free Returns on Boots', '']);
    await typeInto('Headline 4', 'Alpine Tested');
    fireEvent.click(screen.getByRole('button', { name: 'Remove Headline 2' }));
    expect(headlines()).toEqual(['Hiking Boots for Every Trail', 'Free Returns on Boots', 'Alpine Tested']);
    fireEvent.click(screen.getByRole('button', { name: 'Move Headline 3 up' }));
    expect(headlines()).toEqual(['Hiking Boots for Every Trail', 'Alpine Tested', 'Free Returns on Boots']);
    fireEvent.keyDown(box('Headline 1'), { key: 'ArrowDown', altKey: true });
    expect(headlines()).toEqual(['Alpine Tested', 'Hiking Boots for Every Trail', 'Free Returns on Boots']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Keyword 3' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Match type of Keyword 1' }), { target: { value: 'exact' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(s.patches()).toHaveLength(1));
    const ad = firstAd(patched(s).campaign);
    expect(ad.headlines.map((h) => h.text)).toEqual(['Alpine Tested', 'Hiking Boots for Every Trail', 'Free Returns on Boots']);
    expect(ad.headlines[1].id).toBe('h1');
    expect(patched(s).campaign.adGroups[0].keywords.map((k) => [k.text, k.match])).toEqual([
      ['hiking boots', 'exact'],
      ['waterproof boots', 'exact'],
    ]);
  });

  it('undoes a structural change without undoing the words typed since; a field undoes its own typing', async () => {
    campaignServer();
    open();
    await screen.findByRole('textbox', { name: 'Headline 1' });
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Headline 2' }));
    await typeInto('Headline 1', ' Now');
    fireEvent.click(screen.getByRole('button', { name: 'Undo: removed Headline 2' }));
    expect(headlines()).toEqual(['Hiking Boots for Every Trail Now', 'The cheapest boots in Europe', 'Free Returns on Boots']);
    fireEvent.click(screen.getByRole('button', { name: 'Redo: removed Headline 2' }));
    expect(headlines()).toEqual(['Hiking Boots for Every Trail Now', 'Free Returns on Boots']);
    // Mod-Z outside a text field is the editor's undo too.
    fireEvent.keyDown(screen.getByRole('button', { name: 'Undo: removed Headline 2' }), { key: 'z', ctrlKey: true });
    expect(headlines()).toHaveLength(3);
    // Inside a field, tiptap's history undoes the typing.
    await act(() => void editorOf('Headline 1').commands.undo());
    expect(box('Headline 1').textContent).toBe('Hiking Boots for Every Trail');
  });

  it('on a conflict shows the newer version and saves over it only when asked ("keep mine")', async () => {
    const s = campaignServer();
    open();
    await screen.findByRole('textbox', { name: 'Headline 3' });
    await typeInto('Headline 3', ' Today');
    s.saveElsewhere((c) => void (firstAd(c).headlines[0].text = 'Chat made this shorter'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText(/saved version 2 of this campaign/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    // Nothing was overwritten; my words are still on screen.
    expect(s.latest().version).toBe(2);
    expect(box('Headline 3').textContent).toBe('Free Returns on Boots Today');
    fireEvent.click(screen.getByRole('button', { name: 'Keep mine and save over it' }));
    await waitFor(() => expect(s.latest().version).toBe(3));
    expect(patched(s).baseVersion).toBe(2);
    expect(firstAd(s.latest().campaign as GoogleSearchCampaign).headlines[2].text).toBe('Free Returns on Boots Today');
    // The server answered before React showed it: wait for the screen.
    await waitFor(() => expect(screen.queryByText(/saved version 2 of this campaign/)).toBeNull());
  });

  it('on a conflict "load theirs" drops my edits and shows the newer version', async () => {
    const s = campaignServer();
    open();
    await screen.findByRole('textbox', { name: 'Headline 3' });
    await typeInto('Headline 3', ' Today');
    s.saveElsewhere((c) => void (firstAd(c).headlines[0].text = 'Chat made this shorter'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Load theirs (drop my changes)' }));
    await waitFor(() => expect(headlines()).toEqual(['Chat made this shorter', 'The cheapest boots in Europe', 'Free Returns on Boots']));
    expect(s.patches()).toHaveLength(1);
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps typed words when a save fails, lets the person retry, and restores them after a reload', async () => {
    let down = true;
    const s = campaignServer({ 'PATCH /campaigns/:id': () => (down ? fail(503, 'unavailable', 'The store is not answering.') : { status: 200, body: { data: { ...s.latest(), version: 2 } } }) });
    const view = open();
    await screen.findByRole('textbox', { name: 'Headline 3' });
    await typeInto('Headline 3', ' Today');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText(/Could not save: The store is not answering/)).closest('[role="alert"]')).toBeTruthy();
    expect(box('Headline 3').textContent).toBe('Free Returns on Boots Today');
    view.unmount();
    open();
    await screen.findByText('Your unsaved changes from before were restored.');
    expect(box('Headline 3').textContent).toBe('Free Returns on Boots Today');
    down = false;
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved as version 2.');
    expect(firstAd(patched(s).campaign).headlines[2].text).toBe('Free Returns on Boots Today');
    expect(Object.keys(localStorage).filter((k) => k.startsWith('parley.campaign-draft:'))).toEqual([]);
  });

  it('a draft kept from an older version comes back as a conflict, not over the newer one', async () => {
    const s = campaignServer();
    const view = open();
    await screen.findByRole('textbox', { name: 'Headline 3' });
    await typeInto('Headline 3', ' Today');
    view.unmount();
    s.saveElsewhere((c) => void (firstAd(c).headlines[0].text = 'Chat made this shorter'));
    open();
    await screen.findByText(/saved version 2 of this campaign/);
    expect(box('Headline 3').textContent).toBe('Free Returns on Boots Today');
  });

  it('says in words why an export was refused, and saves no file', async () => {
    const createObjectURL = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL }));
    campaignServer({ 'GET /campaigns/:id/export': ({ query }) => fail(422, 'campaign:has_errors', `This draft has 1 error; fix it before exporting (${query.get('format')}): Headline 2: “cheapest” is a banned term in your brand kit.`) });
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Export for Google Ads Editor' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Not exported: This draft has 1 error; fix it before exporting (google-ads-editor): Headline 2: “cheapest” is a banned term in your brand kit.');
    expect(createObjectURL).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Export JSON' })).toBeTruthy();
  });

  it('lists the versions, opens an older one read-only and restores it as a new version', async () => {
    const s = campaignServer();
    s.saveElsewhere((c) => void (firstAd(c).headlines[0].text = 'Chat made this shorter'));
    open();
    await screen.findByRole('textbox', { name: 'Headline 1' });
    expect(box('Headline 1').textContent).toBe('Chat made this shorter');
    const list = await screen.findByRole('region', { name: 'Versions' });
    await within(list).findByText('edited in the chat', { exact: false });
    fireEvent.click(within(list).getByRole('button', { name: 'View version 1' }));
    await screen.findByText('Viewing version 1 (read-only).');
    expect(box('Headline 1').textContent).toBe('Hiking Boots for Every Trail');
    expect(box('Headline 1').getAttribute('contenteditable')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Add Headline' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Restore this version' }));
    await waitFor(() => expect(s.latest().version).toBe(3));
    expect(patched(s).baseVersion).toBe(2);
    expect(firstAd(s.latest().campaign as GoogleSearchCampaign).headlines[0].text).toBe('Hiking Boots for Every Trail');
    await waitFor(() => expect(box('Headline 1').getAttribute('contenteditable')).toBe('true'));
  });

  it('a viewer reads the draft but cannot change or save it', async () => {
    campaignServer();
    open('viewer');
    await screen.findByRole('textbox', { name: 'Headline 1' });
    expect(box('Headline 1').getAttribute('contenteditable')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove Headline 1' })).toBeNull();
  });

  it('says so when the campaign does not exist', async () => {
    campaignServer({ 'GET /campaigns/:id': () => fail(404, 'not_found', 'No such campaign.') });
    open();
    expect((await screen.findByRole('alert')).textContent).toContain('This campaign draft does not exist');
  });
});
