import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiParam, DECORATORS } from '@nestjs/swagger';

// Route decorators that describe what the OpenAPI document cannot infer: the errors a route answers with, the roles
// it needs, whether it is public. They leave marks (operation extensions) that completeOpenApiDocument turns into
// responses, `x-roles`, description lines and `security: []`, so the rules for how they look live in one place.

export const PROBLEMS_MARK = 'x-wco-problems';
export const ROLES_MARK = 'x-wco-roles';
export const PUBLIC_MARK = 'x-wco-public';

/** Error codes a route can answer with, by HTTP status: `{ 404: ['report_not_found'], 409: [...] }`. */
export type ProblemCodes = Partial<Record<number, readonly string[]>>;

export interface RolesMark {
  roles: readonly string[];
  /** Whether the route refuses other roles with 403 insufficient_role (the Roles guard), or only documents them. */
  enforced: boolean;
  note?: string;
}

type Handler = (...args: unknown[]) => unknown;
type RouteDecorator = MethodDecorator & ClassDecorator;

/** The full route path of a handler (controller path + handler path), as declared. */
function routeOf(handler: Handler, controller?: Handler): string {
  const paths = [controller && Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)] as unknown[];
  return paths
    .flatMap((p) => (Array.isArray(p) ? p : [p]))
    .filter((p) => typeof p === 'string')
    .join('/');
}

/** Applies `apply` to the handler, or to every route handler of the class when used on a controller. */
function onHandlers(apply: (handler: Handler, fromClass: boolean, controller?: Handler) => void): RouteDecorator {
  return ((target: object | Handler, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      apply(descriptor.value as Handler, false);
      return descriptor;
    }
    const prototype = (target as Handler).prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const value = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof value === 'function' && Reflect.hasMetadata(METHOD_METADATA, value)) apply(value as Handler, true, target as Handler);
    }
    return target;
  }) as RouteDecorator;
}

function extensionsOf(handler: Handler): Record<string, unknown> {
  return (Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) as Record<string, unknown> | undefined) ?? {};
}

function setExtension(handler: Handler, key: string, value: unknown): void {
  Reflect.defineMetadata(DECORATORS.API_EXTENSION, { ...extensionsOf(handler), [key]: value }, handler);
}

/**
 * The problem codes a route can answer with (problem+json), added to those every route of its kind gets (401 for
 * a token, 400 for a body...). Several decorators add up.
 */
export function ApiProblems(problems: ProblemCodes): RouteDecorator {
  return onHandlers((handler) => {
    const merged: Record<number, string[]> = { ...((extensionsOf(handler)[PROBLEMS_MARK] as Record<number, string[]> | undefined) ?? {}) };
    for (const [status, codes] of Object.entries(problems)) {
      merged[Number(status)] = [...new Set([...(merged[Number(status)] ?? []), ...(codes ?? [])])];
    }
    setExtension(handler, PROBLEMS_MARK, merged);
  });
}

/**
 * Documents who may call the route: `x-roles` and a "Roles:" line in its description. `enforced` routes (the Roles
 * guard of @wco/auth) also document 403 insufficient_role; others say in `note` what the other roles get.
 * A handler's own declaration wins over its controller's.
 */
export function ApiRoles(roles: readonly string[], options: { enforced?: boolean; note?: string } = {}): RouteDecorator {
  const mark: RolesMark = { roles: [...roles], enforced: options.enforced ?? false, ...(options.note ? { note: options.note } : {}) };
  return onHandlers((handler, fromClass) => {
    if (fromClass && extensionsOf(handler)[ROLES_MARK]) return;
    setExtension(handler, ROLES_MARK, mark);
  });
}

/** Documents the route as reachable without a token (`security: []`); @Public() applies it. */
export function ApiPublic(): RouteDecorator {
  return onHandlers((handler) => setExtension(handler, PUBLIC_MARK, true));
}

/**
 * A path parameter that is a UUID (checked with ParseUuidPipe, which answers 400 validation_failed naming it otherwise). On a
 * controller it applies to the routes whose path has `:name`.
 */
export function ApiUuidParam(name: string, description: string): RouteDecorator {
  return onHandlers((handler, fromClass, controller) => {
    if (fromClass && !routeOf(handler, controller).split('/').includes(`:${name}`)) return;
    const descriptor = { value: handler };
    ApiParam({ name, description, schema: { type: 'string', format: 'uuid' } })({}, name, descriptor);
    // NUL in it is unsafe_string; an undecodable or over-long path is refused before routing (bad_url, uri_too_long).
    ApiProblems({ 400: ['validation_failed', 'unsafe_string', 'bad_url'], 414: ['uri_too_long'] })({}, name, descriptor);
  });
}
