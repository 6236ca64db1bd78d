import { describe, expect, it } from 'vitest';
import { findTrigger, filterItems, COMMANDS } from '../composer/autocomplete';
import { pickLocale } from '../i18n/catalogues';
import { en } from '../i18n/en';
import { createTranslator } from '../i18n/i18n';
import { fileNameFor, toCsv } from './csv';
import { parseRetryAfter } from './api';
import { authErrorFromUrl, campaignIdFromPath, conversationIdFromPath, inviteFromUrl, inviteLink, pageFromPath, pathForCampaign, pathForConversation, withoutAuthParams } from './route';
import { sortRows } from './sort-rows';
import { highlightSql } from './sql-highlight';

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks, and writes nulls as empty', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'two\nlines'], [3, { k: 1 }]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n,"two\nlines"\r\n3,"{""k"":1}"\r\n');
  });
  it.each([
    ['Revenue by Region (2024)', 'revenue-by-region-2024.csv'],
    [null, 'parley.csv'],
    ['***', 'parley.csv'],
  ])('names the file for %s', (title, name) => expect(fileNameFor(title, 'csv')).toBe(name));
});

describe('sortRows', () => {
  const rows = [['b', 10], ['a', null], ['c', 2], ['a10', '9'], ['a2', 1]];
  it.each([
    [1, 'asc', [1, 2, '9', 10, null]],
    [1, 'desc', [10, '9', 2, 1, null]],
    [0, 'asc', ['a', 'a2', 'a10', 'b', 'c']],
  ] as const)('column %s %s', (col, dir, expected) => {
    expect(sortRows(rows, col, dir).map((r) => r[col])).toEqual(expected);
  });
});

describe('highlightSql', () => {
  it('gives back the input exactly when the tokens are joined, even with an unclosed string', () => {
    for (const sql of ["SELECT a, count(*) FROM t WHERE b = 'x''y' -- c\nLIMIT 10", "SELECT 'open", '/* c */ select 1.5']) {
      expect(highlightSql(sql).map((t) => t.text).join('')).toBe(sql);
    }
  });
  it('tells keywords, strings, numbers, functions and comments apart', () => {
    const kinds = highlightSql("select sum(x) from t where y = 'a' and z > 2 -- note").filter((t) => t.kind !== 'plain');
    expect(kinds.map((t) => `${t.kind}:${t.text}`)).toEqual(['keyword:select', 'function:sum', 'keyword:from', 'keyword:where', "string:'a'", 'keyword:and', 'number:2', 'comment:-- note']);
  });
});

describe('autocomplete', () => {
  it.each([
    ['/', true, { char: '/', query: '', start: 0 }],
    ['/ch', true, { char: '/', query: 'ch', start: 0 }],
    ['/ch', false, null],
    ['ask /sql', true, null],
    ['Revenue in @sa', true, { char: '@', query: 'sa', start: 11 }],
    ['mail a@b', true, null],
    ['@', false, { char: '@', query: '', start: 0 }],
  ] as const)('finds the trigger in %j (document start: %s)', (text, atStart, expected) => {
    expect(findTrigger(text, atStart)).toEqual(expected);
  });
  it('filters items, prefix matches first', () => {
    expect(filterItems(COMMANDS, 'ca').map((c) => c.insert)).toEqual(['/campaign', '/forecast']);
  });
});

describe('i18n', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    const t = createTranslator(en, 'en');
    expect(t('table.rowsTruncated', { shown: 10000, count: 12345 })).toBe('first 10,000 of 12,345 rows');
    expect(t('sidebar.noMatch', { q: 'churn' })).toBe('No conversation matches “churn”.');
  });
  it('picks the first preferred language it has, else English', () => {
    expect(pickLocale(['en-GB', 'fr'])).toBe('en');
    expect(pickLocale(['rw-RW'])).toBe('en');
  });
});

describe('routes', () => {
  it('round-trips a conversation id through its URL', () => {
    expect(conversationIdFromPath(pathForConversation('a b/c'))).toBe('a b/c');
    expect(conversationIdFromPath('/')).toBeNull();
    expect(pathForConversation(null)).toBe('/');
  });
  it('knows the members, campaign and brand pages', () => {
    expect(['/members', '/members/', '/', '/c/x', '/membersx'].map(pageFromPath)).toEqual(['members', 'members', 'chat', 'chat', 'chat']);
    expect(['/campaigns', '/campaigns/', '/campaigns/c%201', '/campaigns/a/b', '/brand', '/brandx'].map(pageFromPath)).toEqual(['campaigns', 'campaigns', 'campaign', 'chat', 'brand', 'chat']);
    expect(campaignIdFromPath('/campaigns/c%201')).toBe('c 1');
    expect(campaignIdFromPath('/campaigns/%E0%A4%A')).toBeNull();
    expect(pathForCampaign('c 1/2')).toBe('/campaigns/c%201%2F2');
  });
  it.each([
    ['https://p.example/?invite=abc.def-1', 'abc.def-1'],
    ['https://p.example/invite/abc%2Bdef', 'abc+def'],
    ['https://p.example/invite/%E0%A4%A', null],
    ['https://p.example/?invite=', null],
    [`https://p.example/?invite=${'x'.repeat(5000)}`, null],
    ['https://p.example/c/1', null],
  ])('reads the invitation in %s', (url, token) => expect(inviteFromUrl(new URL(url))).toBe(token));
  it('makes an invitation link that survives any token', () => {
    const link = inviteLink('https://p.example', 'a+b&c=d');
    expect(link).toBe('https://p.example/?invite=a%2Bb%26c%3Dd');
    expect(inviteFromUrl(new URL(link))).toBe('a+b&c=d');
  });
  it('reads an OIDC failure code, and calls anything else unknown', () => {
    expect(authErrorFromUrl(new URL('https://p.example/?auth_error=not_invited'))).toBe('not_invited');
    expect(authErrorFromUrl(new URL('https://p.example/?auth_error=%3Cscript%3E'))).toBe('unknown');
    expect(authErrorFromUrl(new URL('https://p.example/'))).toBeNull();
  });
  it('drops the sign-in parameters from an address and keeps the rest', () => {
    expect(withoutAuthParams(new URL('https://p.example/?invite=x&auth_error=y&q=1#h'))).toBe('/?q=1#h');
    expect(withoutAuthParams(new URL('https://p.example/invite/abc'))).toBe('/');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['42', 42],
    [' 7 ', 7],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%s → %s', (header, seconds) => expect(parseRetryAfter(header, now)).toBe(seconds));
});
