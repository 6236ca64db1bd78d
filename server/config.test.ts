import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('has laptop defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toMatch(/\.parley$/);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.model.groqApiKey).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ GROQ_API_KEY: '', PORT: '' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT="abc" is not valid: expects a port number/],
    [{ PORT: '70000' }, /^PORT="70000" is not valid: expects 0–65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL=.* expects a postgres:\/\//],
    [{ GROQ_BASE_URL: 'not a url' }, /^GROQ_BASE_URL=.* expects a URL/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not valid: expects one of/],
  ])('names the bad variable %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
