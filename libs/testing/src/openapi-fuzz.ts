/*
 * OpenAPI-driven fuzzing of a running service: every operation of its OpenAPI document gets bad requests built
 * from its own parameters and body (NUL, lone surrogates, deep nesting, int32 + 1 and non-decimal integers,
 * malformed cursors and dates, wrong types, unknown fields, over-long strings, bad UUIDs), chosen by fast-check
 * from a seed so that a failure can be replayed. Each reply is checked against the platform's rule (DESIGN.md,
 * "Bad input is a 4xx, never a 5xx"): no 5xx, problem+json naming the field, and no row written by a request that
 * was refused. Only loopback addresses are accepted as targets.
 *
 * A service's fuzz spec (see apps/intel-exchange/src/intel-exchange.fuzz.int-spec.ts):
 *
 *   await app.listen({ port: 0, host: '127.0.0.1' });
 *   const report = await fuzzOpenApi({
 *     baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
 *     document: (await app.inject({ method: 'GET', url: '/docs/openapi.json' })).json(),
 *     authorization: `Bearer ${token}`,
 *     databaseUrl: databaseUrlFor(config.DATABASE_URL, config.databaseName),
 *     seedBodies: { 'POST /things': validThing() },        // where the document's schemas are thin
 *     seedParams: { '/things/{id}': { id: existingId } },  // so that requests reach past the lookup
 *   });
 *   expect(report.violations).toEqual([]);               // each names the seed; pass it as `seed` to replay
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { Client } from 'pg';

export interface OpenApiFuzzOptions {
  /** http://127.0.0.1:<port> of the running service under test. */
  baseUrl: string;
  /** Its OpenAPI 3 document (GET /docs/openapi.json). */
  document: Record<string, unknown>;
  /** 'Bearer ...' of a caller allowed on most routes. */
  authorization: string;
  /** The service's own test database: proves rejected requests write no row. */
  databaseUrl: string;
  /** Bad requests to send; default and minimum 1000. */
  requests?: number;
  /** fast-check seed, printed on failure; default: a fresh one. */
  seed?: number;
  /** Valid bodies per "METHOD /path" to mutate (schemas may be thin). */
  seedBodies?: Record<string, unknown>;
  /** Valid path parameters (e.g. the id of an existing report) per "METHOD /path" or "/path". */
  seedParams?: Record<string, Record<string, string>>;
  /** Stop (and report it as a violation) after this long; default 120 s. */
  timeBudgetMs?: number;
}

export interface OpenApiFuzzReport {
  total: number;
  byStatus: Record<number, number>;
  violations: string[];
  /** The fast-check seed of the run: pass it as `seed` to replay the same requests. */
  seed: number;
  /** Operations fuzzed ("METHOD /path"). */
  operations: string[];
}

/** One line for the test log: what was sent and how it was answered, so a run's coverage is visible, not assumed. */
export function fuzzSummary(service: string, report: OpenApiFuzzReport): string {
  const fiveXX = Object.entries(report.byStatus)
    .filter(([status]) => Number(status) >= 500)
    .reduce((n, [, count]) => n + count, 0);
  return (
    `${service} fuzz (seed ${report.seed}): ${report.total} requests over ${report.operations.length} operations, ` +
    `by status ${JSON.stringify(report.byStatus)}, 5xx = ${fiveXX}, violations = ${report.violations.length}`
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;
type ParamKind = 'uuid' | 'int' | 'cursor' | 'date' | 'enum' | 'member' | 'string';

interface ParamSpec {
  name: string;
  kind: ParamKind;
  enumValues?: string[];
}

interface Operation {
  key: string;
  method: string;
  template: string;
  pathParams: ParamSpec[];
  queryParams: ParamSpec[];
  headerParams: ParamSpec[];
  body?: Json;
}

interface FuzzRequest {
  method: string;
  /** Already percent-encoded path values by parameter name. */
  path: Record<string, string>;
  /** Already percent-encoded `name=value` pairs. */
  query: string[];
  /** Raw JSON text of the body, if any. */
  body?: string;
  /** Extra request headers (declared header parameters). */
  headers?: Record<string, string>;
}

interface Mutation {
  /** What was done, for the violation messages. */
  label: string;
  /** The field the bad input is in, as the problem's `errors[].field` should name it. */
  field?: string;
  /** The input is bad whatever the route does with it: a 2xx is a violation. */
  mustReject: boolean;
  apply(base: FuzzRequest): FuzzRequest;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);
const INT32_MAX = 2_147_483_647;
const DEEP = '"__wco_fuzz_deep__"';

/* ---------- what the document says ---------- */

function resolve(document: Schema, schema: unknown, seen = 0): Schema | undefined {
  if (!schema || typeof schema !== 'object' || seen > 20) return undefined;
  const ref = (schema as Schema)['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Schema)[part] : undefined), document);
    return resolve(document, target, seen + 1);
  }
  return schema as Schema;
}

function paramKind(name: string, schema: Schema | undefined): ParamSpec {
  const type = schema?.['type'];
  const format = schema?.['format'];
  const enumValues = Array.isArray(schema?.['enum']) ? (schema?.['enum'] as unknown[]).map(String) : undefined;
  if (name === 'cursor') return { name, kind: 'cursor' };
  if (enumValues?.length) return { name, kind: 'enum', enumValues };
  if (type === 'integer' || type === 'number') return { name, kind: 'int' };
  if (format === 'uuid' || name === 'id' || /[a-z]Id$/.test(name)) return { name, kind: 'uuid' };
  if (format === 'date' || format === 'date-time' || /(From|To|Date|At|On|Since|Until)$/.test(name)) return { name, kind: 'date' };
  if (name === 'member' || name === 'country' || /Country$/.test(name)) return { name, kind: 'member' };
  return { name, kind: 'string' };
}

/** A plausible valid value for a schema: its example, its first enum value, else one of its type. */
function sampleFromSchema(document: Schema, raw: unknown, depth = 0): Json {
  const schema = resolve(document, raw) ?? {};
  if (schema['example'] !== undefined) return schema['example'] as Json;
  if (schema['default'] !== undefined) return schema['default'] as Json;
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0] as Json;
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length > 0) return sampleFromSchema(document, allOf[0], depth + 1);
  switch (schema['type']) {
    case 'object': {
      const out: Record<string, Json> = {};
      const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
      if (depth > 8) return out;
      for (const [name, property] of Object.entries(properties)) out[name] = sampleFromSchema(document, property, depth + 1);
      return out;
    }
    case 'array':
      return depth > 8 ? [] : [sampleFromSchema(document, schema['items'], depth + 1)];
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema['format'] === 'uuid') return randomUUID();
      if (schema['format'] === 'date') return '2026-03-01';
      if (schema['format'] === 'date-time') return '2026-03-01T08:00:00Z';
      return 'fuzz';
    default:
      return {};
  }
}

function operationsOf(options: OpenApiFuzzOptions): Operation[] {
  const document = options.document;
  const paths = (document['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = resolve(document, item[method]);
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${template}`;
      const parameters = [...((item['parameters'] as unknown[]) ?? []), ...((operation['parameters'] as unknown[]) ?? [])]
        .map((p) => resolve(document, p))
        .filter((p): p is Schema => !!p);
      const specs = (where: string) =>
        parameters.filter((p) => p['in'] === where).map((p) => paramKind(String(p['name']), resolve(document, p['schema'])));
      const content = (resolve(document, operation['requestBody'])?.['content'] ?? {}) as Record<string, Schema>;
      const schema = content['application/json']?.['schema'];
      const body =
        key in (options.seedBodies ?? {}) ? (options.seedBodies?.[key] as Json) : schema ? sampleFromSchema(document, schema) : undefined;
      const headerParams = specs('header').filter(
        (p) => !['authorization', 'content-type', 'content-length'].includes(p.name.toLowerCase()),
      );
      out.push({ key, method: method.toUpperCase(), template, pathParams: specs('path'), queryParams: specs('query'), headerParams, body });
    }
  }
  return out;
}

/* ---------- bad values ---------- */

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const aUuid = '3f2b8c1e-9d4a-4c6b-8e2f-1a7b9c0d5e6f';

/** Cursors this service never issued: JavaScript parses these dates, PostgreSQL does not; wrong shapes. */
const BAD_CURSORS = [
  b64(['1', aUuid]),
  b64(['+275760-09-13T00:00:00.000Z', aUuid]),
  b64(['March 7, 2026 (holiday)', aUuid]),
  b64(['2026-02-30T00:00:00.000Z', aUuid]),
  b64(['0000-01-01T00:00:00.000Z', aUuid]),
  b64(['2026-03-01T00:00:00.000Z', 'not-a-uuid']),
  b64(['2026-03-01T00:00:00.000Z', aUuid, 'extra']),
  b64({ at: '2026-03-01T00:00:00.000Z', id: aUuid }),
  b64(['2026-03-01T00:00:00.000Z\u0000', aUuid]),
  'not base64 at all!',
  '%00',
  'AAAA',
  'x'.repeat(600),
];
const BAD_DATES = [
  '1',
  '+275760-09-13T00:00:00.000Z',
  'March 7, 2026 (holiday)',
  '0000-01-01',
  '2026-02-30',
  '2026-13-01',
  '2026-03-01T25:00:00Z',
  '-001000-01-01',
];
const NON_DECIMAL_INTS = [
  '0x10',
  '1e3',
  '+5',
  ' 5',
  '5.0',
  '2147483648',
  '-2147483649',
  '99999999999999999999',
  '-1',
  '0',
  '',
  'NaN',
  'Infinity',
].map(encodeURIComponent);
const BAD_UUIDS = [
  'not-a-uuid',
  '3f2b8c1e9d4a4c6b8e2f1a7b9c0d5e6f',
  `${aUuid}0`,
  '00000000-0000-0000-0000-00000000000g',
  '2147483648',
  '0x10',
];
const NUL_ENCODED = ['%00', 'a%00b', `${aUuid}%00`];
const BAD_UTF8 = ['%ED%A0%80', 'a%ED%B0%80', '%C0%80', '%FF', '%E2%82'];
const LONG_SEGMENT = 'x'.repeat(150);

/* ---------- body paths ---------- */

type Path = (string | number)[];
const dotted = (path: Path): string => path.join('.');

interface Node {
  path: Path;
  value: Json;
}

function nodesOf(value: Json): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [{ path: [], value }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    out.push(node);
    if (Array.isArray(node.value)) node.value.forEach((v, i) => stack.push({ path: [...node.path, i], value: v }));
    else if (node.value !== null && typeof node.value === 'object') {
      for (const [k, v] of Object.entries(node.value)) stack.push({ path: [...node.path, k], value: v });
    }
  }
  return out;
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, Json>;
  node[path[path.length - 1]] = value;
  return copy as Json;
}

function deepText(depth: number, arrays: boolean): string {
  return arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const ISO_DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

function bodyMutations(body: Json): fc.Arbitrary<Mutation>[] {
  const nodes = nodesOf(body);
  const leaves = nodes.filter((n) => n.path.length > 0 && (n.value === null || typeof n.value !== 'object'));
  const strings = leaves.filter((n) => typeof n.value === 'string');
  const numbers = leaves.filter((n) => typeof n.value === 'number');
  const dates = strings.filter((n) => ISO_DATE_LIKE.test(n.value as string));
  const objects = nodes.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
  const withBody = (base: FuzzRequest, value: Json, deep?: string): FuzzRequest => {
    const text = JSON.stringify(value);
    return { ...base, body: deep ? text.replace(DEEP, deep) : text };
  };
  const arbs: fc.Arbitrary<Mutation>[] = [];
  const where = (path: Path) => (path.length ? dotted(path) : '(body)');

  if (strings.length > 0) {
    const target = fc.constantFrom(...strings);
    arbs.push(
      fc.tuple(target, fc.constantFrom('\u0000', 'a\u0000', '\u0000b\u0000')).map(([n, bad]) => ({
        label: `NUL in body ${dotted(n.path)}`,
        field: dotted(n.path),
        mustReject: true,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, n.path, `${String(n.value)}${bad}`)),
      })),
      fc.tuple(target, fc.constantFrom('\ud800', '\udfff', 'x\udbff', '\udc00y')).map(([n, bad]) => ({
        label: `lone surrogate in body ${dotted(n.path)}`,
        field: dotted(n.path),
        mustReject: true,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, n.path, `${String(n.value)}${bad}`)),
      })),
      fc.tuple(target, fc.integer({ min: 300, max: 70_000 })).map(([n, length]) => ({
        label: `${length}-character string in body ${dotted(n.path)}`,
        field: dotted(n.path),
        mustReject: false,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, n.path, 'x'.repeat(length))),
      })),
    );
  }
  if (leaves.length > 0) {
    arbs.push(
      fc
        .tuple(fc.constantFrom(...leaves), fc.constantFrom<Json>(42, -1, true, null, [], {}, 'text', [1, 2], { a: 1 }))
        .map(([n, wrong]) => ({
          label: `wrong type ${JSON.stringify(wrong)} in body ${dotted(n.path)}`,
          field: dotted(n.path),
          mustReject: false,
          apply: (base: FuzzRequest) => withBody(base, setAt(body, n.path, wrong)),
        })),
    );
  }
  if (numbers.length > 0) {
    arbs.push(
      fc
        .tuple(fc.constantFrom(...numbers), fc.constantFrom<Json>(INT32_MAX + 1, -INT32_MAX - 2, 1e308, 1.5, -1, 0, '0x10', '1e3', '+5'))
        .map(([n, bad]) => ({
          label: `number ${JSON.stringify(bad)} in body ${dotted(n.path)}`,
          field: dotted(n.path),
          mustReject: false,
          apply: (base: FuzzRequest) => withBody(base, setAt(body, n.path, bad)),
        })),
    );
  }
  if (dates.length > 0) {
    arbs.push(
      fc.tuple(fc.constantFrom(...dates), fc.constantFrom(...BAD_DATES)).map(([n, bad]) => ({
        label: `date ${JSON.stringify(bad)} in body ${dotted(n.path)}`,
        field: dotted(n.path),
        // A date-like string may be free text; what matters is that PostgreSQL never sees an invalid one (no 5xx).
        mustReject: false,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, n.path, bad)),
      })),
    );
  }
  if (objects.length > 0) {
    const target = fc.constantFrom(...objects);
    arbs.push(
      fc.tuple(target, fc.integer({ min: 4_000, max: 50_000 }), fc.boolean()).map(([n, depth, arrays]) => ({
        label: `extra field nested ${depth} levels (${arrays ? 'arrays' : 'objects'}) in body ${where(n.path)}`,
        field: dotted([...n.path, 'wcoFuzzDeep']),
        mustReject: true,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, [...n.path, 'wcoFuzzDeep'], DEEP.slice(1, -1)), deepText(depth, arrays)),
      })),
      target.map((n) => ({
        label: `unknown field in body ${where(n.path)}`,
        field: dotted([...n.path, 'wcoFuzzUnknown']),
        mustReject: false,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, [...n.path, 'wcoFuzzUnknown'], 1)),
      })),
      fc.tuple(target, fc.constantFrom('k\u0000', '\ud800')).map(([n, key]) => ({
        label: `key ${JSON.stringify(key)} in body ${where(n.path)}`,
        field: where(n.path),
        mustReject: true,
        apply: (base: FuzzRequest) => withBody(base, setAt(body, [...n.path, key], 'x')),
      })),
    );
  }
  arbs.push(
    fc.constantFrom('{"unterminated": ', '[1,2', '{"a":1}}', 'nul', '\u0000').map((text) => ({
      label: `malformed JSON ${JSON.stringify(text)}`,
      mustReject: true,
      apply: (base: FuzzRequest) => ({ ...base, body: text }),
    })),
    fc.constantFrom('[]', '"text"', '42', 'null', 'true').map((text) => ({
      label: `body ${text} instead of an object`,
      mustReject: false,
      apply: (base: FuzzRequest) => ({ ...base, body: text }),
    })),
  );
  return arbs;
}

/* ---------- path and query ---------- */

function badValuesFor(param: ParamSpec): { values: string[]; mustReject: boolean }[] {
  const always = { values: [...NUL_ENCODED, ...BAD_UTF8], mustReject: true };
  // Mostly not a valid value of the kind; a route may still accept some (a free-text parameter).
  switch (param.kind) {
    case 'uuid':
      return [always, { values: [...BAD_UUIDS, LONG_SEGMENT], mustReject: true }];
    case 'int':
      return [always, { values: NON_DECIMAL_INTS, mustReject: true }];
    case 'cursor':
      return [always, { values: BAD_CURSORS.map(encodeURIComponent), mustReject: true }];
    case 'date':
      return [always, { values: BAD_DATES.map(encodeURIComponent), mustReject: true }];
    case 'enum':
      return [always, { values: ['wco-fuzz-not-in-enum', LONG_SEGMENT], mustReject: true }];
    case 'member':
      return [always, { values: ['FRA', 'fr', '12', LONG_SEGMENT], mustReject: true }];
    default:
      return [always, { values: [LONG_SEGMENT, '0x10', '%20'], mustReject: false }];
  }
}

function parameterMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  const arbs: fc.Arbitrary<Mutation>[] = [];
  for (const param of op.pathParams) {
    for (const { values, mustReject } of badValuesFor(param)) {
      arbs.push(
        fc.constantFrom(...values).map((value) => ({
          label: `path ${param.name}=${value.length > 40 ? `${value.slice(0, 20)}...(${value.length})` : value}`,
          // A segment over the router's limit (414) or not decodable as UTF-8 (400 bad_url) makes the URL as a whole
          // unreadable: it is refused before routing, when no parameter has a name yet.
          field: value.length > 100 || BAD_UTF8.includes(value) ? undefined : param.name,
          mustReject,
          apply: (base: FuzzRequest) => ({ ...base, path: { ...base.path, [param.name]: value } }),
        })),
      );
    }
  }
  for (const param of op.queryParams) {
    for (const { values, mustReject } of badValuesFor(param)) {
      arbs.push(
        fc.constantFrom(...values).map((value) => ({
          label: `query ${param.name}=${value.length > 40 ? `${value.slice(0, 20)}...(${value.length})` : value}`,
          field: param.name,
          mustReject,
          apply: (base: FuzzRequest) => ({
            ...base,
            query: [...base.query.filter((q) => !q.startsWith(`${param.name}=`)), `${param.name}=${value}`],
          }),
        })),
      );
    }
    arbs.push(
      fc.constant({
        label: `query ${param.name} given twice`,
        field: param.name,
        mustReject: false,
        apply: (base: FuzzRequest) => ({ ...base, query: [...base.query, `${param.name}=1`, `${param.name}=2`] }),
      }),
    );
  }
  for (const param of op.headerParams) {
    // Header values cannot carry NUL or line breaks (Node's parser refuses them); length and odd bytes they can.
    arbs.push(
      fc.constantFrom('', ' ', 'x'.repeat(256), 'x'.repeat(3_000), 'x'.repeat(9_000), 'tab\there', 'caf\u00e9', '%00').map((value) => ({
        label: `header ${param.name}=${value.length > 40 ? `${value.slice(0, 20)}...(${value.length})` : JSON.stringify(value)}`,
        field: param.name,
        mustReject: false,
        apply: (base: FuzzRequest) => ({ ...base, headers: { ...base.headers, [param.name]: value } }),
      })),
    );
  }
  // Every route, whatever it declares: its query string is checked before anything reads it.
  arbs.push(
    fc.constantFrom(...NUL_ENCODED).map((value) => ({
      label: `undeclared query wcoFuzz=${value}`,
      field: 'wcoFuzz',
      mustReject: true,
      apply: (base: FuzzRequest) => ({ ...base, query: [...base.query, `wcoFuzz=${value}`] }),
    })),
    fc.constant({
      label: 'undeclared query parameter',
      field: 'wcoFuzz',
      mustReject: false,
      apply: (base: FuzzRequest) => ({ ...base, query: [...base.query, 'wcoFuzz=1'] }),
    }),
  );
  return arbs;
}

function baseRequest(op: Operation, seedParams: Record<string, Record<string, string>>): FuzzRequest {
  const given = { ...(seedParams[op.template] ?? {}), ...(seedParams[op.key] ?? {}) };
  const path: Record<string, string> = {};
  for (const p of op.pathParams) {
    const value =
      given[p.name] ??
      (p.kind === 'uuid'
        ? randomUUID()
        : p.kind === 'int'
          ? '1'
          : p.kind === 'member'
            ? 'FR'
            : p.kind === 'enum'
              ? (p.enumValues?.[0] ?? 'x')
              : 'fuzz');
    path[p.name] = encodeURIComponent(value);
  }
  return { method: op.method, path, query: [], body: op.body === undefined ? undefined : JSON.stringify(op.body) };
}

function urlOf(op: Operation, request: FuzzRequest): string {
  const path = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => request.path[name] ?? '');
  return request.query.length ? `${path}?${request.query.join('&')}` : path;
}

/* ---------- the checks ---------- */

interface Reply {
  status: number;
  contentType: string;
  body: unknown;
}

function send(agent: Agent, base: URL, authorization: string, path: string, request: FuzzRequest, timeoutMs: number): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const payload = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = httpRequest(
      {
        agent,
        host: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port,
        method: request.method,
        path,
        headers: {
          ...request.headers,
          authorization,
          accept: 'application/json, application/problem+json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const contentType = String(res.headers['content-type'] ?? '');
          let body: unknown = text;
          if (/json/.test(contentType)) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolvePromise({ status: res.statusCode ?? 0, contentType, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no reply within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The problem names the field, a field inside it (the too-deep part of a nested value) or the array or object
 * that holds it (class-validator's `each` rules name the array) — never just the body as a whole.
 */
function namesField(problem: unknown, field: string): boolean {
  const errors = (problem as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return false;
  return errors.some((e) => {
    const named = (e as { field?: unknown })?.field;
    if (typeof named !== 'string' || named === '' || named === '(body)') return named === field;
    return named === field || named.startsWith(`${field}.`) || field.startsWith(`${named}.`);
  });
}

/** Exact row counts of every table outside PostgreSQL's own schemas, in one statement. */
async function rowCounter(databaseUrl: string): Promise<{ count(): Promise<Map<string, number>>; close(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const tables = await client.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        AND table_schema NOT LIKE 'pg\\_toast%' AND table_schema NOT LIKE 'pg\\_temp%'
      ORDER BY 1, 2`,
  );
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const sql = tables.rows
    .map((t, i) => `SELECT ${i} AS i, count(*)::int AS n FROM ${quote(t.table_schema)}.${quote(t.table_name)}`)
    .join(' UNION ALL ');
  const names = tables.rows.map((t) => `${t.table_schema}.${t.table_name}`);
  return {
    async count() {
      const out = new Map<string, number>();
      if (!sql) return out;
      for (const row of (await client.query<{ i: number; n: number }>(sql)).rows) out.set(names[row.i], row.n);
      return out;
    },
    close: () => client.end(),
  };
}

function changedTables(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([table, n]) => before.get(table) !== n).map(([table, n]) => `${table} ${before.get(table)} -> ${n}`);
}

/**
 * Sends at least `requests` bad requests over every operation of the document (round robin, each operation's bad
 * inputs drawn by fast-check from `seed`), one at a time, and reports every reply that breaks the rules.
 */
export async function fuzzOpenApi(options: OpenApiFuzzOptions): Promise<OpenApiFuzzReport> {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' || !LOOPBACK.has(base.hostname)) {
    throw new Error(`fuzzOpenApi sends bad requests to loopback services only, not to ${options.baseUrl}`);
  }
  const total = Math.max(options.requests ?? 1000, 1000);
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  const budget = options.timeBudgetMs ?? 120_000;
  const operations = operationsOf(options);
  if (operations.length === 0) throw new Error('the OpenAPI document has no operations');

  const perOperation = Math.ceil(total / operations.length);
  const plan: { op: Operation; mutation: Mutation }[][] = operations.map((op, i) => {
    const arbs = [...parameterMutations(op), ...(op.body !== undefined ? bodyMutations(op.body) : [])];
    return fc.sample(fc.oneof(...arbs), { seed: seed + i, numRuns: perOperation }).map((mutation) => ({ op, mutation }));
  });
  const queue: { op: Operation; mutation: Mutation }[] = [];
  for (let round = 0; round < perOperation; round++) for (const list of plan) if (list[round]) queue.push(list[round]);

  const report: OpenApiFuzzReport = { total: 0, byStatus: {}, violations: [], seed, operations: operations.map((o) => o.key) };
  const violation = (n: number, op: Operation, url: string, mutation: Mutation, status: number, reason: string) => {
    if (report.violations.length < 200)
      report.violations.push(
        `[seed ${seed} #${n}] ${op.method} ${url.length > 160 ? `${url.slice(0, 160)}...` : url} (${mutation.label}) -> ${status}: ${reason}`,
      );
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const counter = await rowCounter(options.databaseUrl);
  const started = Date.now();
  try {
    let counts = await counter.count();
    for (const [n, { op, mutation }] of queue.entries()) {
      if (Date.now() - started > budget) {
        report.violations.push(`[seed ${seed}] time budget of ${budget} ms spent after ${report.total} requests`);
        break;
      }
      const request = mutation.apply(baseRequest(op, options.seedParams ?? {}));
      const url = urlOf(op, request);
      let reply: Reply;
      try {
        reply = await send(agent, base, options.authorization, url, request, 20_000);
      } catch (error) {
        report.total++;
        violation(n, op, url, mutation, 0, `no reply (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
      report.total++;
      report.byStatus[reply.status] = (report.byStatus[reply.status] ?? 0) + 1;
      const after = await counter.count();
      if (reply.status >= 500) violation(n, op, url, mutation, reply.status, `server error ${JSON.stringify(reply.body).slice(0, 300)}`);
      else if (reply.status < 300 && mutation.mustReject) violation(n, op, url, mutation, reply.status, 'bad input accepted');
      if (reply.status >= 400) {
        const problem = reply.body as { status?: unknown; code?: unknown } | undefined;
        if (!reply.contentType.startsWith('application/problem+json')) {
          violation(
            n,
            op,
            url,
            mutation,
            reply.status,
            `not problem+json (${reply.contentType || 'no content type'}): ${JSON.stringify(reply.body).slice(0, 200)}`,
          );
        } else if (problem?.status !== reply.status || typeof problem?.code !== 'string') {
          violation(n, op, url, mutation, reply.status, `problem without status/code: ${JSON.stringify(reply.body).slice(0, 200)}`);
        } else if (reply.status === 400 && mutation.field !== undefined && !namesField(reply.body, mutation.field)) {
          violation(
            n,
            op,
            url,
            mutation,
            reply.status,
            `problem does not name ${mutation.field}: ${JSON.stringify(reply.body).slice(0, 300)}`,
          );
        }
      }
      if (reply.status >= 300) {
        const changed = changedTables(counts, after);
        if (changed.length > 0) violation(n, op, url, mutation, reply.status, `refused but rows changed: ${changed.join(', ')}`);
      }
      counts = after;
    }
  } finally {
    agent.destroy();
    await counter.close();
  }
  return report;
}
