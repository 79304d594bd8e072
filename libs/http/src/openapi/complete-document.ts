import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject } from '@nestjs/swagger';
import { ProblemCodes, PROBLEMS_MARK, PUBLIC_MARK, ROLES_MARK, RolesMark } from './openapi.decorators';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { PROBLEM_SCHEMA, PROBLEM_SCHEMAS, problemResponse } from './problem-schema';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** What the bearer guard answers (@wco/auth's MissingTokenError and InvalidTokenError). */
export const TOKEN_PROBLEMS: ProblemCodes = { 401: ['missing_token', 'invalid_token'], 503: ['jwks_unavailable'] };
/** What the body parser and the validation pipe answer for any route with a body. */
export const BODY_PROBLEMS: ProblemCodes = {
  400: ['validation_failed', 'malformed_json', 'json_too_deep', 'unsafe_string'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
};
/** What the validation pipe (and the edge's NUL / lone-surrogate check) answers for a query DTO. */
export const QUERY_PROBLEMS: ProblemCodes = { 400: ['validation_failed', 'unsafe_string'] };
/** What the Roles guard answers. */
export const ROLE_PROBLEMS: ProblemCodes = { 403: ['insufficient_role'] };

export interface DocumentCompletion {
  /** Descriptions of the tags the controllers use (`@ApiTags`); a tag without one is described by its name. */
  tags?: Record<string, string>;
}

/**
 * Nest wraps a `$ref` that carries its own description or example in a one-element allOf (OpenAPI 3.0 ignores the
 * siblings of a $ref), even when there is nothing to annotate; linters flag a one-element allOf as illogical. The
 * annotations become its second member, or the bare $ref stays.
 */
function unwrapAnnotatedRefs(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  const allOf = node['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && typeof (allOf[0] as Record<string, unknown>)['$ref'] === 'string') {
    const annotations = Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'allOf' && k !== 'nullable'));
    if (Object.keys(annotations).length > 0) {
      for (const key of Object.keys(annotations)) delete node[key];
      node['allOf'] = [allOf[0], annotations];
    } else if (!('nullable' in node)) {
      delete node['allOf'];
      node['$ref'] = (allOf[0] as Record<string, unknown>)['$ref'];
    }
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach(unwrapAnnotatedRefs);
    else unwrapAnnotatedRefs(value);
  }
}

function add(into: Record<number, Set<string>>, problems: ProblemCodes | undefined): void {
  for (const [status, codes] of Object.entries(problems ?? {})) {
    const set = (into[Number(status)] ??= new Set());
    for (const code of codes ?? []) set.add(code);
  }
}

function isParameter(p: ParameterObject | ReferenceObject): p is ParameterObject {
  return !('$ref' in p);
}

function appendDescription(operation: OperationObject, line: string): void {
  operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
}

/**
 * Turns the marks of the route decorators (ApiProblems, ApiRoles, ApiPublic) into the document clients read:
 * every error status as problem+json listing its `code`s (including those every route of its kind can answer),
 * `x-roles` and a "Roles:" line, `security: []` on public routes, the shared error schemas, described tags.
 * Mutates and returns `document`.
 */
export function completeOpenApiDocument(document: OpenAPIObject, completion: DocumentCompletion = {}): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...PROBLEM_SCHEMAS, ...document.components.schemas };
  const usedTags = new Set<string>();

  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      const isPublic = operation[PUBLIC_MARK] === true;
      const roles = operation[ROLES_MARK] as RolesMark | undefined;
      const problems: Record<number, Set<string>> = {};
      const parameters = (operation.parameters ?? []).filter(isParameter);

      if (!isPublic) add(problems, TOKEN_PROBLEMS);
      if (operation.requestBody) add(problems, BODY_PROBLEMS);
      if (parameters.some((p) => p.in === 'query')) add(problems, QUERY_PROBLEMS);
      if (roles?.enforced) add(problems, ROLE_PROBLEMS);
      add(problems, operation[PROBLEMS_MARK] as ProblemCodes | undefined);

      operation.responses ??= {};
      for (const [status, codes] of Object.entries(problems)) {
        operation.responses[status] = problemResponse(Number(status), [...codes]);
      }
      if (isPublic) {
        // Probes and documents define no client error of their own; any 4xx the HTTP layer answers is problem+json.
        operation.responses['4XX'] ??= {
          description: 'Client error: this route defines none of its own; any the HTTP layer answers is problem+json',
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
        };
        operation.security = [];
        appendDescription(operation, '**Public**: no bearer token needed.');
      }
      if (roles) {
        operation['x-roles'] = roles.roles;
        const who = roles.roles.map((r) => `\`${r}\``).join(', ');
        const refusal = roles.enforced ? ' (other callers get 403 `insufficient_role`)' : '';
        appendDescription(operation, `**Roles**: ${who}${refusal}.${roles.note ? ` ${roles.note}` : ''}`);
      }
      delete operation[PUBLIC_MARK];
      delete operation[ROLES_MARK];
      delete operation[PROBLEMS_MARK];
      for (const tag of operation.tags ?? []) usedTags.add(tag);
    }
  }

  for (const schema of Object.values(document.components.schemas)) unwrapAnnotatedRefs(schema);
  const declared = new Set((document.tags ?? []).map((t) => t.name));
  document.tags = [
    ...(document.tags ?? []),
    ...[...usedTags].filter((t) => !declared.has(t)).map((name) => ({ name, description: completion.tags?.[name] ?? `Routes of ${name}` })),
  ];
  return document;
}
