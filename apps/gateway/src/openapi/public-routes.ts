import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface PublicRoute {
  method: string;
  pattern: RegExp;
}

// A path parameter is one segment, never `.` or `..` (the proxy refuses those anyway; this keeps the match honest).
const PARAMETER = '(?!\\.{1,2}(?:/|$))[^/]+';

function patternOf(template: string): RegExp {
  const parts = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? PARAMETER : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`);
}

/**
 * The routes of one service that need no token, read from its own OpenAPI document: an operation with
 * `security: []`, which the service's @Public() decorator writes (libs/http completeOpenApiDocument). Deriving them
 * from the document keeps one source of truth, the code that the service's own guard obeys; a list in the gateway's
 * configuration would drift from it. Until a service's document has been fetched none of its routes is public
 * (fail closed). The one exception is a public route a service keeps out of its document on purpose (OAI-PMH,
 * whose contract is its own specification): those are listed in GATEWAY_PUBLIC_ROUTES.
 */
export class PublicRoutes {
  private constructor(private readonly routes: readonly PublicRoute[]) {}

  static none(): PublicRoutes {
    return new PublicRoutes([]);
  }

  static fromDocument(document: OpenAPIObject): PublicRoutes {
    const routes: { method: string; template: string }[] = [];
    for (const [template, item] of Object.entries(document.paths ?? {})) {
      for (const method of METHODS) {
        const operation = (item as Record<string, OperationObject | undefined>)[method];
        if (operation && Array.isArray(operation.security) && operation.security.length === 0) {
          routes.push({ method: method.toUpperCase(), template });
        }
      }
    }
    return PublicRoutes.fromTemplates(routes);
  }

  /** `template` in OpenAPI form (`/publications/{id}`), relative to the service. */
  static fromTemplates(routes: readonly { method: string; template: string }[]): PublicRoutes {
    return new PublicRoutes(routes.map((r) => ({ method: r.method.toUpperCase(), pattern: patternOf(r.template) })));
  }

  /** `path` is the service's own path (prefix removed), without the query string. */
  allows(method: string, path: string): boolean {
    const wanted = method === 'HEAD' ? 'GET' : method;
    return this.routes.some((r) => (r.method === wanted || r.method === method) && r.pattern.test(path));
  }

  get size(): number {
    return this.routes.length;
  }
}
