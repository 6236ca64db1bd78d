import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDataDir, removeDir } from './testing/databases';
import { TEST_ADMIN } from './testing/harness';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>) {
  const child = spawn(TSX, [join(ROOT, 'server', 'testing', 'serve-entry.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function poll(url: string, ok: (status: number) => boolean, timeoutMs = 60_000): Promise<Response> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => null);
    if (res && ok(res.status)) return res;
    if (Date.now() > until) throw new Error(`${url} never answered as expected`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Parley as a process', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('answers /healthz, becomes ready, serves a conversation list, and exits cleanly on SIGTERM', async () => {
    const dir = freshDataDir();
    dirs.push(dir);
    const port = await freePort();
    const p = start({ PORT: String(port), PARLEY_DATA_DIR: dir });
    const health = await poll(`http://127.0.0.1:${port}/healthz`, (s) => s === 200);
    expect((await health.json()).status).toBe('ok');
    await poll(`http://127.0.0.1:${port}/readyz`, (s) => s === 200);
    // A fresh install: nothing without a session, until its first visitor creates the admin.
    expect((await fetch(`http://127.0.0.1:${port}/api/conversations`)).status).toBe(401);
    expect(await (await fetch(`http://127.0.0.1:${port}/api/auth/status`)).json()).toMatchObject({ data: { needsSetup: true } });
    const signup = await fetch(`http://127.0.0.1:${port}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
    const { data } = await signup.json();
    const list = await fetch(`http://127.0.0.1:${port}/api/conversations`, { headers: { authorization: `Bearer ${data.token}` } });
    expect(await list.json()).toEqual({ data: [] });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, /^parley: PORT="eighty" is not valid: expects a port number\n$/],
    [{ LOG_LEVEL: 'chatty' }, /^parley: LOG_LEVEL="chatty" is not valid: expects one of/],
  ])('stops at start-up with one line naming a bad setting %o', async (env, line) => {
    const p = start(env);
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(line);
  });
});
