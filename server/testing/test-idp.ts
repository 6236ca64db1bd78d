import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** A person the test provider can sign in, with the claims it asserts about them. */
export interface TestIdpAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestIdp {
  /** The issuer URL (http on 127.0.0.1). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who may sign in; add people before they do. */
  accounts: Map<string, TestIdpAccount>;
  /** Registers the client's redirect URI; the provider answers from then on (Parley's port is known only once it listens). */
  register(redirectUri: string): void;
  close(): Promise<void>;
}

export interface TestIdpOptions {
  redirectUri?: string;
  /**
   * true (oidc-provider's default): the ID token of the code flow carries only the standard
   * claims, and email and name come from the userinfo endpoint; false: they are in the ID token too.
   */
  conformIdTokenClaims?: boolean;
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 and a free port, for sign-in tests. Its
 * interaction pages are minimal: GET /interaction/:uid says which prompt is due (login or
 * consent); POST …/login with `login=<sub>` signs that account in; POST …/consent grants what the
 * client asked for; POST …/abort refuses, as a person pressing "cancel" does.
 */
export async function startTestIdp(opts: TestIdpOptions = {}): Promise<TestIdp> {
  const accounts = new Map<string, TestIdpAccount>();
  const clientId = `parley-test-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let provider: Provider | undefined;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const server: Server = createServer((req, res) => {
    if (!provider || !handler) {
      res.writeHead(503).end('the test provider has no client registered yet');
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((e) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
      });
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const register = (redirectUri: string) => {
    provider = new Provider(issuer, {
      clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [jwk] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      scopes: ['openid', 'email', 'profile'],
      conformIdTokenClaims: opts.conformIdTokenClaims ?? true,
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
      async findAccount(_ctx: unknown, id: string) {
        const a = accounts.get(id);
        if (!a) return undefined;
        return { accountId: a.sub, claims: () => ({ ...a }) };
      },
    });
    handler = provider.callback();
  };
  if (opts.redirectUri) register(opts.redirectUri);

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    register,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => server.closeAllConnections()),
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const action = new URL(req.url!, 'http://x').pathname.split('/')[3];
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ prompt: details.prompt.name }));
    return;
  }
  if (action === 'login') {
    const login = (await readForm(req)).get('login') ?? '';
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId!, clientId: details.params.client_id });
    if (!grant) throw new Error('grant not found');
    if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
    if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person refused' }, { mergeWithLastSubmission: false });
}
