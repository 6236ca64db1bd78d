import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createOriginPolicy } from './origin-check';

const policy = (env: Record<string, string> = {}) => createOriginPolicy(loadConfig({ PORT: '3000', ...env }), () => 3000);
const req = (origin?: string, host = '127.0.0.1:3000') => ({ headers: { ...(origin === undefined ? {} : { origin }), host } });

describe('createOriginPolicy', () => {
  it.each([
    ['no Origin (curl, Slack, Teams)', {}, undefined, true],
    ['its own address', {}, 'http://127.0.0.1:3000', true],
    ['localhost on its port', {}, 'http://localhost:3000', true],
    ['another site', {}, 'http://evil.example', false],
    ['a local page on another port', {}, 'http://127.0.0.1:5173', false],
    ['a sandboxed frame or file://', {}, 'null', false],
    ['a look-alike of the public URL', { PARLEY_PUBLIC_URL: 'https://parley.example.com' }, 'https://parley.example.com.evil.example', false],
    ['the public URL', { PARLEY_PUBLIC_URL: 'https://parley.example.com/app/' }, 'https://parley.example.com', true],
    ['an origin listed in PARLEY_ALLOWED_ORIGINS', { PARLEY_ALLOWED_ORIGINS: 'http://localhost:5173, https://bi.example.com' }, 'http://localhost:5173', true],
  ])('%s → %s', (_name, env, origin, allowed) => {
    expect(policy(env).allows(req(origin))).toBe(allowed);
  });

  it('bound to every interface without a public URL, allows a page whose origin is the Host it asked, only that', () => {
    const p = policy({ HOST: '0.0.0.0' });
    expect(p.allows(req('http://10.0.0.5:3000', '10.0.0.5:3000'))).toBe(true);
    expect(p.allows(req('http://evil.example', '10.0.0.5:3000'))).toBe(false);
  });

  it('refuses a PARLEY_ALLOWED_ORIGINS entry with a path, naming the variable', () => {
    expect(() => loadConfig({ PARLEY_ALLOWED_ORIGINS: 'http://localhost:5173/app' })).toThrow(/PARLEY_ALLOWED_ORIGINS/);
  });
});
