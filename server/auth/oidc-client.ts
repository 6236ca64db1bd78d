import * as oidc from 'openid-client';
import { ParleyError } from '../../agent/errors';
import { isLoopbackUrl, type OidcConfig } from '../config';

/** What a sign-in started at the provider must be finished with; kept in the browser's sealed state cookie. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** Who the provider says signed in. */
export interface OidcClaims {
  /** The provider's issuer identifier, as its discovery document states it. */
  issuer: string;
  subject: string;
  email?: string;
  /** Only `email_verified: true` counts; absent (as some providers send it) is not verified. */
  emailVerified: boolean;
  name?: string;
}

/** Why an OpenID Connect sign-in was refused; the web app shows `/?auth_error=<reason>`. */
export const OIDC_REFUSALS = {
  oidc_disabled: 'Single sign-on is not set up on this Parley.',
  provider_unavailable: 'The sign-in provider could not be reached. Try again in a minute, or sign in with your email and password.',
  state_missing: 'The sign-in took too long or was started in another browser. Please start it again.',
  state_mismatch: 'The sign-in answer did not belong to the sign-in this browser started. Please start it again.',
  provider_error: 'The sign-in provider did not sign you in. Please try again, or ask your administrator.',
  email_missing: 'The sign-in provider did not tell Parley your email address, so Parley cannot tell which member you are. Ask your administrator.',
  email_unverified: 'The sign-in provider has not verified your email address. Verify it there, then sign in again.',
  identity_conflict: 'This Parley account is already linked to another person at the sign-in provider. Ask your administrator.',
  account_removed: 'Your access to this Parley was removed. Ask an administrator to invite you again.',
  not_invited: 'You have not been invited to this Parley. Ask an administrator to invite you, then sign in again.',
} as const;
export type OidcRefusal = keyof typeof OIDC_REFUSALS;

const STATUS: Record<OidcRefusal, number> = {
  oidc_disabled: 404,
  provider_unavailable: 502,
  state_missing: 400,
  state_mismatch: 400,
  provider_error: 401,
  email_missing: 401,
  email_unverified: 401,
  identity_conflict: 409,
  account_removed: 403,
  not_invited: 403,
};

/** The coded error for a refused sign-in (`oidc:<reason>`). `message` is for the log only. */
export function oidcRefusal(reason: OidcRefusal, message?: string, cause?: unknown): ParleyError {
  return new ParleyError(`oidc:${reason}`, { status: STATUS[reason], userMessage: OIDC_REFUSALS[reason], message: message ?? OIDC_REFUSALS[reason], cause });
}

/** The reason of an `oidc:` error, for the redirect; undefined for anything else (a bug). */
export function refusalReason(e: unknown): OidcRefusal | undefined {
  if (!(e instanceof ParleyError) || !e.code.startsWith('oidc:')) return undefined;
  const reason = e.code.slice('oidc:'.length);
  return reason in OIDC_REFUSALS ? (reason as OidcRefusal) : undefined;
}

export interface OidcClient {
  /** The provider's authorization URL for a new sign-in (code flow, PKCE S256, state and nonce), and what finishing it needs. */
  begin(redirectUri: string): Promise<{ url: URL; pending: PendingSignIn }>;
  /** Checks the provider's answer on `callbackUrl` against `pending`, redeems the code and reads who signed in. */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<OidcClaims>;
}

/**
 * The relying party side of OpenID Connect, through openid-client. The provider's metadata is
 * discovered on first use (so Parley starts while the provider is down) and kept once it answers.
 */
export function createOidcClient(settings: Pick<OidcConfig, 'issuer' | 'clientId' | 'clientSecret'>): OidcClient {
  const issuerUrl = new URL(settings.issuer);
  // Plain http only for a provider on this machine (a test or a local one); config.ts refuses it elsewhere.
  const insecure = issuerUrl.protocol === 'http:' && isLoopbackUrl(issuerUrl);
  let discovered: Promise<oidc.Configuration> | undefined;

  const configuration = () => {
    discovered ??= oidc
      .discovery(issuerUrl, settings.clientId, settings.clientSecret, oidc.ClientSecretBasic(settings.clientSecret), { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 })
      .catch((e: unknown) => {
        discovered = undefined;
        throw oidcRefusal('provider_unavailable', `OpenID provider discovery at ${issuerUrl.href} failed: ${(e as Error).message}`, e);
      });
    return discovered;
  };

  return {
    async begin(redirectUri) {
      const config = await configuration();
      const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), redirectUri };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    },

    async finish(callbackUrl, pending) {
      const config = await configuration();
      if (callbackUrl.searchParams.get('state') !== pending.state) throw oidcRefusal('state_mismatch', 'the state on the callback is not the one this browser started with');
      // The provider's own refusal (the person cancelled, the client is not allowed…) comes back on the URL.
      const error = callbackUrl.searchParams.get('error');
      if (error) throw oidcRefusal('provider_error', `the provider answered error=${error.slice(0, 100)}`);
      // openid-client checks the answer against the URL it was sent to: the registered redirect URI, not whatever Host the request came with.
      const current = new URL(pending.redirectUri);
      current.search = callbackUrl.search;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      } catch (e) {
        throw oidcRefusal('provider_error', `the authorization code could not be redeemed: ${(e as Error).message}`, e);
      }
      const idToken = tokens.claims();
      if (!idToken) throw oidcRefusal('provider_error', 'the token response had no ID token');
      let claims: Record<string, unknown> = idToken;
      // Code-flow ID tokens may carry only the standard claims (OIDC Core 5.4); the rest is at userinfo.
      if (idToken.email === undefined && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        try {
          claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
        } catch (e) {
          throw oidcRefusal('provider_error', `the userinfo request failed: ${(e as Error).message}`, e);
        }
      }
      return {
        issuer: config.serverMetadata().issuer,
        subject: idToken.sub,
        email: typeof claims.email === 'string' && claims.email ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : undefined,
      };
    },
  };
}
