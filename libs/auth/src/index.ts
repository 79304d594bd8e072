export { WCO_ROLES, WCO_SECRETARIAT, isWcoRole, isSecretariat } from './roles';
export type { WcoRole, Principal } from './roles';
export { JwtVerifier, ASYMMETRIC_ALGORITHMS, DEFAULT_ALGORITHMS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './jwt-verifier';
export type { JwtVerifierOptions, AsymmetricAlgorithm } from './jwt-verifier';
export { MissingTokenError, InvalidTokenError, KeySetUnavailableError, UnusableClaimsError } from './auth.errors';
export { DevIssuer, DEV_ISSUER, DEV_AUDIENCE } from './dev-issuer';
export type { DevIssuerOptions, DevTokenRequest } from './dev-issuer';
export { AuthGuard } from './auth.guard';
export type { AuthenticatedRequest } from './auth.guard';
export { RolesGuard, Roles, REQUIRED_ROLES } from './roles.guard';
export { CurrentPrincipal } from './current-principal.decorator';
export { AuthModule, authOptionsFromConfig } from './auth.module';
export type { AuthModuleOptions } from './auth.module';
// Re-exported so auth users need one import for route decorators.
export { Public } from '@wco/http';
export { DevAuthorizationServer, DevOidcError, s256 } from './dev-issuer-oidc';
export type { DevOidcUser, DevOidcOptions, AuthorizationRequest, EndSessionRequest } from './dev-issuer-oidc';
