import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMAS, problemResponse } from '@wco/http';
import { PROXY_PROBLEMS } from '../proxy/proxy.errors';
import type { Upstream } from '../proxy/upstreams';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Routes of a service the gateway does not forward: metrics are scraped from the service itself, never through the edge. */
export const NOT_FORWARDED = /^\/metrics(\/|$)/;

export interface ServiceDocument {
  upstream: Upstream;
  document: OpenAPIObject;
}

type Json = Record<string, unknown>;

/** The documents are JSON; a JSON copy also keeps plain objects of this realm (deep equality compares prototypes). */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Rewrites every `$ref: '#/components/<kind>/<name>'` below `node` through `rename`. */
function rewriteRefs(node: unknown, rename: (kind: string, name: string) => string): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) rewriteRefs(item, rename);
    return;
  }
  const object = node as Json;
  const ref = object['$ref'];
  if (typeof ref === 'string') {
    const m = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (m) object['$ref'] = `#/components/${m[1]}/${rename(m[1], m[2])}`;
  }
  for (const value of Object.values(object)) rewriteRefs(value, rename);
}

/** Codes already listed for `status` in a problem response written by libs/http's problemResponse. */
function codesOf(response: ResponseObject | undefined): string[] {
  const schema = response?.content?.[PROBLEM_CONTENT_TYPE]?.schema as
    { allOf?: { properties?: { code?: { enum?: string[] } } }[] } | undefined;
  return schema?.allOf?.[1]?.properties?.code?.enum ?? [];
}

function addProxyProblems(operation: OperationObject): void {
  for (const [status, codes] of Object.entries(PROXY_PROBLEMS)) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    if (existing && codesOf(existing).length === 0) continue; // a response of the service's own shape: keep it as it is
    operation.responses[status] = problemResponse(Number(status), [...codesOf(existing), ...codes]);
  }
}

/**
 * Prefixes one service's document for the gateway: paths under `/api/<key>`, component names `<service>.<Name>`
 * (refs rewritten) except the shared problem schemas when they are the platform's own, operation ids
 * `<key>_<id>`, tags `<service>: <tag>`, and the gateway's own answers (413, 429, 502-504) on every operation.
 * Roles (`x-roles`), security and the service's error responses are kept as they are.
 */
function prefixService({ upstream, document }: ServiceDocument): {
  paths: OpenAPIObject['paths'];
  components: Json;
  tags: OpenAPIObject['tags'];
} {
  const doc = clone(document);
  const components = (doc.components ?? {}) as Record<string, Json | undefined>;
  const names: Record<string, Record<string, string>> = {};
  const merged: Json = {};
  for (const [kind, entries] of Object.entries(components)) {
    if (kind === 'securitySchemes' || !entries) continue; // one bearer scheme for the platform, declared by the gateway
    names[kind] = {};
    const out: Json = {};
    for (const [name, value] of Object.entries(entries)) {
      const shared = kind === 'schemas' && name in PROBLEM_SCHEMAS && isDeepStrictEqual(value, PROBLEM_SCHEMAS[name]);
      const renamed = shared ? name : `${upstream.service}.${name}`;
      names[kind][name] = renamed;
      if (!shared) out[renamed] = value;
    }
    merged[kind] = out;
  }
  const rename = (kind: string, name: string): string => names[kind]?.[name] ?? name;
  rewriteRefs(doc.paths, rename);
  rewriteRefs(merged, rename);

  const tagName = (tag: string): string => `${upstream.service}: ${tag}`;
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (NOT_FORWARDED.test(path)) continue;
    for (const method of METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      if (!operation) continue;
      if (operation.operationId) operation.operationId = `${upstream.key}_${operation.operationId}`;
      operation.tags = (operation.tags?.length ? operation.tags : ['default']).map(tagName);
      addProxyProblems(operation);
    }
    paths[`${upstream.prefix}${path}`] = item;
  }
  const usedTags = new Set(
    Object.values(paths).flatMap((item) => METHODS.flatMap((m) => ((item as Json)[m] as OperationObject | undefined)?.tags ?? [])),
  );
  const tags = (doc.tags ?? []).map((t) => ({ ...t, name: tagName(t.name) })).filter((t) => usedTags.has(t.name));
  for (const name of usedTags) if (!tags.some((t) => t.name === name)) tags.push({ name, description: `Routes of ${name}` });
  return { paths, components: merged, tags };
}

export interface AggregateOptions {
  /** The gateway's own document (its routes stay at their paths). */
  own: OpenAPIObject;
  services: ServiceDocument[];
  /** Services whose document could not be fetched yet; named in the description. */
  missing?: Upstream[];
}

/** One OpenAPI 3 document for the platform: the gateway's own routes and every service's, behind the gateway. */
export function aggregateDocuments({ own, services, missing = [] }: AggregateOptions): OpenAPIObject {
  const document = clone(own);
  document.info = {
    ...document.info,
    title: 'WCO platform API',
    description: [
      'Every service of the platform behind one gateway: one URL, one login (OIDC bearer JWT, verified at the gateway and again by each service).',
      ...services.map(({ upstream }) => `- \`${upstream.prefix}/...\`: **${upstream.service}**`),
      ...(missing.length
        ? [`\nNot listed at the moment (the gateway could not fetch their documents yet): ${missing.map((u) => u.service).join(', ')}.`]
        : []),
      '\nThe gateway itself answers 413 `payload_too_large`, 429 `rate_limited` (with `Retry-After`), 503 `upstream_unavailable` and 504 `upstream_timeout` on every proxied route.',
    ].join('\n'),
  };
  const ownTags = new Set((own.tags ?? []).map((t) => t.name));
  const gatewayTag = (tag: string): string => `gateway: ${tag}`;
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      if (operation) operation.tags = (operation.tags ?? []).map(gatewayTag);
    }
  }
  // The gateway serves no YAML: the aggregated document is JSON only.
  delete document.paths['/docs/openapi.yaml'];
  document.tags = (own.tags ?? []).map((t) => ({ ...t, name: gatewayTag(t.name) }));
  const groups = [{ name: 'gateway', tags: [...ownTags].map(gatewayTag) }];
  document.components ??= {};
  const components = document.components as Record<string, Json | undefined>;
  for (const service of services) {
    const part = prefixService(service);
    Object.assign(document.paths, part.paths);
    for (const [kind, entries] of Object.entries(part.components)) components[kind] = { ...components[kind], ...(entries as Json) };
    document.tags.push(...(part.tags ?? []));
    groups.push({ name: service.upstream.service, tags: (part.tags ?? []).map((t) => t.name) });
  }
  (document as unknown as Json)['x-tagGroups'] = groups;
  return document;
}
