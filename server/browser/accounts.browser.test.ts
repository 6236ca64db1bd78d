import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser } from '../testing/describe-with';
import { STORE_BACKENDS } from '../testing/databases';
import type { TestParley } from '../testing/harness';
import { screenshotPath, startBrowserParley, type BrowserParley } from './browser';

const ADA = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical engine notes, 1843' };

/** A fresh install in Chromium: the first visitor creates the admin, chats, signs out and back in. */
describeWithBrowser.each(STORE_BACKENDS)('accounts in Chromium on %s', (backend) => {
  let b: BrowserParley;
  let t: TestParley;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserParley({ backend, signIn: false });
    ({ t, page } = b);
  });
  afterAll(() => b?.close());

  const heading = (name: string) => page.getByRole('heading', { name, exact: true });
  const composer = () => page.getByRole('textbox', { name: 'Message Parley' });

  it('fresh install: create the admin, chat, sign out, sign in again', async () => {
    await page.goto(t.url);
    await heading('Create the admin account').waitFor();
    await page.screenshot({ path: screenshotPath(`${backend}-first-run`) });

    await page.getByLabel('Name').fill(ADA.name);
    await page.getByLabel('Email').fill(ADA.email);
    // One of the most common passwords: the server's reason appears under the password field.
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    const password = page.getByLabel('Password');
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ');
    const reason = await page.locator(`[id="${describedBy[0]}"]`).textContent();
    expect(reason).toMatch(/password/i);

    await password.fill(ADA.password);
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await composer().waitFor();
    await page.getByRole('button', { name: `Account: ${ADA.name}` }).waitFor();
    // The session is an HttpOnly cookie: the page's script cannot read it.
    const cookie = (await page.context().cookies(t.url)).find((c) => c.name === 'parley_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('parley_session');

    // The socket is signed in by the same cookie: a question gets its answer.
    t.mock!.enqueue({ text: 'Welcome, admin.' });
    await composer().click();
    await page.keyboard.type('Who am I?');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.message.assistant[data-status="complete"] >> text=Welcome, admin.');
    await page.screenshot({ path: screenshotPath(`${backend}-signed-in`) });

    await page.getByRole('button', { name: `Account: ${ADA.name}` }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in to Parley').waitFor();
    // Signed out for real: a reload still asks to sign in, and the API refuses.
    await page.reload();
    await heading('Sign in to Parley').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/conversations')).status)).toBe(401);

    await page.getByLabel('Email').fill(ADA.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is not right.');
    await page.getByLabel('Password').fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await composer().waitFor();
    // The conversation from before is there.
    await page.locator('.conversation-list li').first().waitFor();
    await page.locator('.conversation-list a').first().click();
    await page.waitForSelector('.message.assistant >> text=Welcome, admin.');
    await page.screenshot({ path: screenshotPath(`${backend}-signed-in-again`) });

    // The admin's members page against the real routes: invite, change the role, remove.
    await page.getByRole('button', { name: `Account: ${ADA.name}` }).click();
    await page.getByRole('button', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members', level: 2 }).waitFor();
    const invite = page.locator('.invite-form');
    await invite.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await invite.getByLabel('Email', { exact: true }).fill('grace@example.com');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = await page.getByLabel('Invitation link for Grace Hopper').inputValue();
    expect(link).toMatch(new RegExp(`^${t.url}/\\?invite=[^&]+$`));
    await page.getByRole('combobox', { name: 'Role of Grace Hopper' }).selectOption('viewer');
    await page.getByText('Grace Hopper is now Viewer.').waitFor({ state: 'attached' });
    const members = () => page.evaluate(async () => ((await (await fetch('/api/members')).json()).data as { email: string; role: string; status: string }[]).map((m) => `${m.email} ${m.role} ${m.status}`));
    expect(await members()).toEqual(['ada@example.com admin active', 'grace@example.com viewer invited']);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove Grace Hopper' }).click();
    await page.getByText('Grace Hopper was removed.').waitFor({ state: 'attached' });
    expect(await page.locator('.members-table tbody tr').count()).toBe(1);
    expect(await members()).toEqual(['ada@example.com admin active']);
    await page.screenshot({ path: screenshotPath(`${backend}-members`) });
  });
});
