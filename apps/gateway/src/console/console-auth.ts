import { loadConfig, type Environment } from '@wco/config';
import { IsOptional, IsString, Matches } from 'class-validator';

/**
 * How the console signs people in, from the gateway's environment (a public document: no secret in it):
 * - CONSOLE_OIDC_CLIENT_ID: the console's public client at the organisation's OpenID provider (authorization code +
 *   PKCE); without it the console offers the development sign-in only (when the gateway runs the development issuer).
 * - CONSOLE_OIDC_ISSUER: the provider's issuer URL (its /.well-known/openid-configuration is read by the browser);
 *   default AUTH_ISSUER, or with the development issuer its own endpoints under /auth/dev-issuer on this gateway.
 * - CONSOLE_OIDC_SCOPE: default "openid profile".
 */
export interface ConsoleAuthConfig {
  /** The development issuer's seeded users are offered (`/auth/dev-login`). */
  devLogin: boolean;
  /** Production sign-in; absent when no client is configured. */
  oidc?: { issuer: string; clientId: string; scope: string };
}

/** The console's sign-in variables, validated as every configuration of the platform (libs/config). */
export class ConsoleAuthEnv {
  /** The console's public client at the OpenID provider; unset: no production sign-in. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'must be 1 to 200 visible ASCII characters' })
  CONSOLE_OIDC_CLIENT_ID?: string;

  /** The provider's issuer URL (the browser reads its /.well-known/openid-configuration); default AUTH_ISSUER. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  CONSOLE_OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsString()
  @Matches(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, { message: 'must be space-separated scope names' })
  CONSOLE_OIDC_SCOPE = 'openid profile';
}

export interface ConsoleOidcSettings {
  clientId?: string;
  /** CONSOLE_OIDC_ISSUER, else AUTH_ISSUER (absent with the development issuer: its endpoints on this gateway). */
  issuer?: string;
  scope: string;
}

/**
 * Read once at start-up from the process environment (the console's own variables, beside GatewayConfig's); a
 * malformed value stops the gateway rather than serving a console that cannot sign in.
 */
export function consoleOidcSettings(env: Environment = process.env): ConsoleOidcSettings {
  const c = loadConfig(ConsoleAuthEnv, env);
  return { clientId: c.CONSOLE_OIDC_CLIENT_ID, issuer: c.CONSOLE_OIDC_ISSUER ?? c.AUTH_ISSUER, scope: c.CONSOLE_OIDC_SCOPE };
}

/** The development issuer's OpenID endpoints on this gateway, for the origin the browser used. */
export const DEV_OIDC_PATH = '/auth/dev-issuer';
/** The console's route that receives the authorization response (outside /auth: a reload there gets the console). */
export const CONSOLE_CALLBACK_PATH = '/signin/callback';
/** Where the provider sends the browser back after the person signed out there (the console's signed-out page). */
export const CONSOLE_SIGNED_OUT_PATH = '/signout/callback';
