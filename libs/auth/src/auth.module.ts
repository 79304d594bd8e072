import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BaseServiceConfig } from '@wco/config';
import { AuthGuard } from './auth.guard';
import { DevIssuer, DevIssuerOptions } from './dev-issuer';
import { DevIssuerController } from './dev-issuer.controller';
import { JwtVerifier, JwtVerifierOptions } from './jwt-verifier';
import { RolesGuard } from './roles.guard';

export type AuthModuleOptions =
  | { verifier: JwtVerifierOptions }
  | {
      devIssuer: DevIssuerOptions;
      /** The verifier's AUTH_MAX_TOKEN_LIFETIME_SECONDS. */
      maxTokenLifetimeSeconds?: number;
      /** The verifier's AUTH_VERIFIED_TOKEN_CACHE_SECONDS. */
      verifiedTokenCacheSeconds?: number;
    };

/** The auth options a service's configuration describes (AUTH_* variables). */
export function authOptionsFromConfig(config: Readonly<BaseServiceConfig>): AuthModuleOptions {
  const maxTokenLifetimeSeconds = config.AUTH_MAX_TOKEN_LIFETIME_SECONDS;
  const verifiedTokenCacheSeconds = config.AUTH_VERIFIED_TOKEN_CACHE_SECONDS;
  if (config.AUTH_DEV_ISSUER) {
    return {
      devIssuer: { audience: config.AUTH_AUDIENCE, nodeEnv: config.NODE_ENV },
      maxTokenLifetimeSeconds,
      verifiedTokenCacheSeconds,
    };
  }
  return {
    verifier: {
      issuer: config.AUTH_ISSUER as string,
      audience: config.AUTH_AUDIENCE,
      jwksUrl: config.AUTH_JWKS_URL as string,
      maxTokenLifetimeSeconds,
      verifiedTokenCacheSeconds,
    },
  };
}

/**
 * Bearer-token authentication for every route (AuthGuard, skipped by @Public()) and @Roles() authorisation
 * (RolesGuard), both as global guards.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const guards: Provider[] = [
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: RolesGuard },
    ];
    if ('devIssuer' in options) {
      return {
        module: AuthModule,
        global: true,
        controllers: [DevIssuerController],
        providers: [
          { provide: DevIssuer, useFactory: () => DevIssuer.load(options.devIssuer) },
          {
            provide: JwtVerifier,
            inject: [DevIssuer],
            useFactory: (issuer: DevIssuer) =>
              new JwtVerifier({
                issuer: issuer.issuer,
                audience: issuer.audience,
                jwks: issuer.jwks(),
                algorithms: ['ES256'],
                maxTokenLifetimeSeconds: options.maxTokenLifetimeSeconds,
                verifiedTokenCacheSeconds: options.verifiedTokenCacheSeconds,
              }),
          },
          ...guards,
        ],
        exports: [JwtVerifier, DevIssuer],
      };
    }
    return {
      module: AuthModule,
      global: true,
      providers: [{ provide: JwtVerifier, useFactory: () => new JwtVerifier(options.verifier) }, ...guards],
      exports: [JwtVerifier],
    };
  }

  static forConfig(config: Readonly<BaseServiceConfig>): DynamicModule {
    return AuthModule.forRoot(authOptionsFromConfig(config));
  }
}
