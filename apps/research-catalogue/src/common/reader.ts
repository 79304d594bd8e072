import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { JwtVerifier, MissingTokenError, Public } from '@wco/auth';
import type { AuthenticatedRequest, Principal } from '@wco/auth';

/*
 * Anonymous reading. Public catalogue routes are @Public() for the platform's AuthGuard, and this guard then reads
 * the bearer token if there is one: with a valid token the caller is that Principal (and sees what its Member may
 * see), with none it is anonymous (public records only). A token that is present but invalid is refused with 401,
 * never downgraded to anonymous: a client whose token expired must learn it, not silently get fewer results.
 */
@Injectable()
export class OptionalTokenGuard implements CanActivate {
  constructor(private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    if (header === undefined) return true;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
    if (!match) throw new MissingTokenError();
    request.principal = await this.verifier.verify(match[1]);
    return true;
  }
}

/** A route anyone may call; with a bearer token the caller sees more. */
export const PublicRead = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    Public(),
    UseGuards(OptionalTokenGuard),
    ApiHeader({ name: 'Authorization', required: false, description: 'Optional bearer token: without it only public records are visible' }),
  );

/** The caller of a @PublicRead() route: its Principal, or undefined when anonymous. */
export const CurrentReader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
