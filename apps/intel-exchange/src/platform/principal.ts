import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { MissingTokenError } from '@wco/auth';
import type { AuthenticatedRequest } from '@wco/auth';

/** The organisation of WCO staff, whose tokens say `wco_member: "WCO"` (coordinators of the Secretariat or a RILO). */
export const WCO_SECRETARIAT = 'WCO';

/** The authenticated user as this service reasons about it: always attached to an organisation. */
export interface Principal {
  subject: string;
  member: string;
  roles: readonly string[];
}

/** @wco/auth's CurrentPrincipal; @wco/auth refuses a token without `wco_member`, so the organisation is always known. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new MissingTokenError();
  return { subject: principal.subject, member: principal.member, roles: principal.roles };
});

