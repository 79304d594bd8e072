import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiRoles, ForbiddenError } from '@wco/http';
import { MissingTokenError } from './auth.errors';
import { AuthenticatedRequest } from './auth.guard';
import { WcoRole } from './roles';

export const REQUIRED_ROLES = 'wco:required-roles';

/** The caller needs at least one of these roles (checked after authentication); the OpenAPI document says so. */
export const Roles = (...roles: WcoRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiRoles(roles, { enforced: true }));

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<WcoRole[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0 || context.getType() !== 'http') return true;
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new MissingTokenError();
    if (principal.roles.some((r) => required.includes(r))) return true;
    throw new ForbiddenError(`this action requires one of the roles: ${required.join(', ')}`, {
      code: 'insufficient_role',
      extensions: { requiredRoles: required },
    });
  }
}
