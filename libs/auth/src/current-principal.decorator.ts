import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { MissingTokenError } from './auth.errors';
import { AuthenticatedRequest } from './auth.guard';
import { Principal } from './roles';

/** The verified caller of the current request (routes behind AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new MissingTokenError();
  return principal;
});
