/* The OpenAPI document is the contract Members' national systems are built against: it must lint clean, describe
 * every body and error, and say the truth. The truth part is checked against the running routes (Nest's own route
 * metadata, class-validator's metadata) and against real answers, each validated with the documented schema. */
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { REQUIRED_ROLES, WCO_ROLES } from '@wco/auth';
import type { WcoRole } from '@wco/auth';
import { BODY_PROBLEMS, IS_PUBLIC_ROUTE, QUERY_PROBLEMS, ROLE_PROBLEMS, TOKEN_PROBLEMS } from '@wco/http';
import type { ProblemCodes } from '@wco/http';
import { lintOpenApi } from '@wco/testing';
import Ajv from 'ajv';
import { CORRECTABLE_SECTIONS } from './reports/dto/correction.dto';
import addFormats from 'ajv-formats';
import { getMetadataStorage } from 'class-validator';
import { randomUUID } from 'node:crypto';
import {
  analyst,
  auditor,
  CallResult,
  containerNumber,
  coordinator,
  IntelTestApp,
  startIntelApp,
  TestUser,
} from './testing/intel-test-app';
import { seizureReport } from './testing/report-bodies';
import { FEEDBACK_ERROR_CODES } from './feedback/feedback.errors';
import { OPERATION_ERROR_CODES } from './operations/operations.errors';
import { REPORT_ERROR_CODES } from './reports/reports.errors';
import { STIX_ERROR_CODES } from './stix/stix.errors';

jest.setTimeout(120_000);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PUBLIC_PATHS = [
  '/health/live',
  '/health/ready',
  '/metrics',
  '/docs',
  '/docs/openapi.json',
  '/docs/openapi.yaml',
  '/auth/dev-issuer/jwks.json',
];

interface Operation {
  key: string;
  path: string;
  method: string;
  op: any;
}

/** A route as Nest serves it, with what its guards enforce. */
interface NestRoute {
  key: string;
  roles?: WcoRole[];
  isPublic: boolean;
}

function nestRoutes(t: IntelTestApp): NestRoute[] {
  const routes: NestRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as any;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const segments = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
          .flatMap((p: string) => (p ?? '').split('/'))
          .filter((s: string) => s !== '')
          .map((s: string) => (s.startsWith(':') ? `{${s.slice(1)}}` : s));
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)].toLowerCase();
        routes.push({
          key: `${method} /${segments.join('/')}`,
          roles: Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, controller),
          isPublic: !!(Reflect.getMetadata(IS_PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(IS_PUBLIC_ROUTE, controller)),
        });
      }
    }
  }
  return routes;
}

const problemCodes = (response: any): string[] =>
  response?.content?.['application/problem+json']?.schema?.allOf?.find((s: any) => s.properties?.code)?.properties.code.enum ?? [];

describe('the OpenAPI document of intel-exchange', () => {
  let t: IntelTestApp;
  let doc: any;
  let operations: Operation[];
  let routes: NestRoute[];
  const op = (key: string): any => {
    const found = operations.find((o) => o.key === key);
    if (!found) throw new Error(`${key} is not in the document`);
    return found.op;
  };

  beforeAll(async () => {
    t = await startIntelApp('intel_openapi');
    const res = await t.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = JSON.parse(res.body);
    operations = Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ key: `${method} ${path}`, path, method, op: item[method] })),
    );
    routes = nestRoutes(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lints with zero errors and zero warnings under redocly recommended and spectral:oas', async () => {
    const result = await lintOpenApi(doc);
    expect(result.messages.filter((m) => m.severity !== 'info')).toEqual([]);
    expect(result).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('describes every route Nest serves, and public ones (health, metrics, docs, JWKS) as needing no token', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(operations.map((o) => o.key)).toContain(route.key);
    for (const path of PUBLIC_PATHS) expect(doc.paths[path]?.get?.security).toEqual([]);
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const { key, op: operation } of operations) {
      const route = routes.find((r) => r.key === key);
      const isPublic = route ? route.isPublic : PUBLIC_PATHS.includes(key.slice(4));
      // Public exactly where the guard lets callers in without a token; everything else inherits the bearer scheme.
      expect({ key, security: operation.security }).toEqual({ key, security: isPublic ? [] : undefined });
    }
  });

  it('documents a 2xx body schema on every operation (204 excepted)', () => {
    for (const { key, op: operation } of operations) {
      const success = Object.entries(operation.responses as Record<string, any>).filter(([status]) => /^2\d\d$/.test(status));
      expect({ key, successes: success.length }).toEqual({ key, successes: 1 });
      const [status, response] = success[0];
      if (status === '204') continue;
      const schemas = Object.values(response.content ?? {}).map((c: any) => c.schema);
      expect({ key, schemas: schemas.length > 0 && schemas.every((s) => s && (s.$ref || s.type || s.allOf)) }).toEqual({
        key,
        schemas: true,
      });
      expect({ key, summary: !!operation.summary, description: !!operation.description }).toEqual({
        key,
        summary: true,
        description: true,
      });
    }
  });

  it('documents every error as problem+json with the codes it can carry', () => {
    expect(doc.components.schemas.ProblemDetails.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    expect(doc.components.schemas.ProblemDetails.properties.errors.items).toEqual({ $ref: '#/components/schemas/FieldError' });
    expect(doc.components.schemas.FieldError.required).toEqual(['field', 'reason']);
    for (const { key, op: operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const schema = response.content?.['application/problem+json']?.schema;
        expect({ key, status, problem: schema?.allOf?.[0] }).toEqual({
          key,
          status,
          problem: { $ref: '#/components/schemas/ProblemDetails' },
        });
        expect({ key, status, codes: problemCodes(response).length > 0 }).toEqual({ key, status, codes: true });
      }
      const route = routes.find((r) => r.key === key);
      if (!route || route.isPublic) continue;
      // What every route of its kind answers, whatever it does.
      expect({ key, 401: problemCodes(operation.responses['401']) }).toEqual({
        key,
        401: expect.arrayContaining(['missing_token', 'invalid_token']),
      });
      if (operation.requestBody) {
        expect({ key, 400: problemCodes(operation.responses['400']) }).toEqual({
          key,
          400: expect.arrayContaining(['validation_failed', 'malformed_json']),
        });
        expect({ key, 413: problemCodes(operation.responses['413']) }).toEqual({ key, 413: ['payload_too_large'] });
      }
      if (route.roles?.length)
        expect({ key, 403: problemCodes(operation.responses['403']) }).toEqual({ key, 403: expect.arrayContaining(['insufficient_role']) });
    }
    // The codes the services raise on purpose, each on the route that raises it.
    const raised: [string, number, string][] = [
      ['post /reports', 400, 'not_operation_participant'],
      ['post /reports', 400, 'operation_template_not_met'],
      ['post /reports', 400, 'invalid_idempotency_key'],
      ['post /reports', 409, 'idempotency_request_in_progress'],
      ['post /reports', 422, 'operation_not_active'],
      ['post /reports', 422, 'idempotency_key_reused'],
      ['get /reports', 400, 'invalid_cursor'],
      ['get /reports/{id}', 404, 'report_not_found'],
      ['get /reports/{id}', 404, 'report_purged'],
      ['post /reports/{id}/versions', 403, 'not_originator'],
      ['post /reports/{id}/versions', 422, 'operation_not_active'],
      ['get /reports/{id}/versions/{version}', 404, 'report_version_not_found'],
      ['post /reports/{id}/corrections', 404, 'report_purged'],
      ['post /reports/{id}/corrections/{correctionId}/decision', 400, 'correction_no_longer_applies'],
      ['post /reports/{id}/corrections/{correctionId}/decision', 403, 'not_originator'],
      ['post /reports/{id}/corrections/{correctionId}/decision', 404, 'correction_not_found'],
      ['post /reports/{id}/corrections/{correctionId}/decision', 409, 'correction_already_decided'],
      ['get /reports/{id}/receipts', 400, 'invalid_cursor'],
      ['get /reports/{id}/stix', 403, 'export_forbidden'],
      ['get /operations/{id}', 404, 'operation_not_found'],
      ['post /operations/{id}/participants', 403, 'not_operation_coordinator'],
      ['post /operations/{id}/participants', 409, 'operation_frozen'],
      ['delete /operations/{id}/participants/{member}', 400, 'validation_failed'],
      ['post /operations/{id}/transitions', 409, 'illegal_operation_transition'],
      ['get /operations/{id}/stix', 404, 'operation_not_found'],
      ['post /reports/{id}/feedback', 404, 'match_not_found'],
      ['get /matches', 400, 'invalid_cursor'],
      ['post /stix/import', 400, 'stix_import_invalid'],
      ['get /health/ready', 503, 'not_ready'],
    ];
    for (const [key, status, code] of raised)
      expect({ key, status, codes: problemCodes(op(key).responses[status]) }).toEqual({
        key,
        status,
        codes: expect.arrayContaining([code]),
      });
  });

  it('lists no code outside the closed lists: those of each feature and of the platform (token, body, query, roles, cursors, idempotency, readiness)', () => {
    const platformCodes = ([TOKEN_PROBLEMS, BODY_PROBLEMS, QUERY_PROBLEMS, ROLE_PROBLEMS] as ProblemCodes[]).flatMap((p) =>
      Object.values(p).flatMap((codes) => [...(codes ?? [])]),
    );
    const platformLayer = [
      'bad_url',
      'uri_too_long',
      'invalid_cursor',
      'invalid_idempotency_key',
      'idempotency_request_in_progress',
      'idempotency_key_reused',
      'not_ready',
    ];
    const closed = new Set<string>([
      ...platformCodes,
      ...platformLayer,
      ...REPORT_ERROR_CODES,
      ...OPERATION_ERROR_CODES,
      ...FEEDBACK_ERROR_CODES,
      ...STIX_ERROR_CODES,
    ]);
    const listed = new Set(
      operations.flatMap(({ op: operation }) => Object.values(operation.responses as Record<string, any>).flatMap(problemCodes)),
    );
    expect([...listed].filter((c) => !closed.has(c)).sort()).toEqual([]);
    // And the lists are not padded: every code of a feature's list is answered by some route.
    const featureCodes = [...REPORT_ERROR_CODES, ...OPERATION_ERROR_CODES, ...FEEDBACK_ERROR_CODES, ...STIX_ERROR_CODES];
    expect(featureCodes.filter((c) => !listed.has(c))).toEqual([]);
  });

  it('states the roles of every operation (x-roles and a line in the description), as the guard enforces them', () => {
    for (const { key, op: operation } of operations) {
      const route = routes.find((r) => r.key === key);
      if (!route || route.isPublic) {
        expect({ key, public: operation.description }).toEqual({ key, public: expect.stringContaining('**Public**') });
        continue;
      }
      expect({ key, roles: operation['x-roles'] }).toEqual({ key, roles: expect.arrayContaining([expect.any(String)]) });
      for (const role of operation['x-roles']) expect(WCO_ROLES).toContain(role);
      expect({ key, line: operation.description }).toEqual({
        key,
        line: expect.stringContaining(`**Roles**: ${operation['x-roles'].map((r: string) => `\`${r}\``).join(', ')}`),
      });
      if (route.roles?.length) expect({ key, roles: [...operation['x-roles']].sort() }).toEqual({ key, roles: [...route.roles].sort() });
    }
  });

  it('types every id path parameter as a uuid', () => {
    let ids = 0;
    for (const { key, op: operation } of operations) {
      for (const name of [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        const parameter = (operation.parameters ?? []).find((p: any) => p.in === 'path' && p.name === name);
        expect({ key, name, documented: !!parameter, required: parameter?.required }).toEqual({
          key,
          name,
          documented: true,
          required: true,
        });
        if (name === 'id' || name.endsWith('Id')) {
          ids++;
          expect({ key, name, schema: parameter.schema }).toEqual({ key, name, schema: { type: 'string', format: 'uuid' } });
        }
      }
    }
    expect(ids).toBeGreaterThan(15);
  });

  it('documents every property the validation accepts on every request body, with what is required', () => {
    const storage = getMetadataStorage();
    const targets = [...((storage as any).validationMetadatas as Map<new () => object, unknown>).keys()].filter(
      (target) => target.name.endsWith('Dto') && !target.name.endsWith('QueryDto'),
    );
    expect(targets.map((t) => t.name)).toEqual(
      expect.arrayContaining(['ReportSubmissionDto', 'WhenWhereDto', 'GoodsItemDto', 'PersonalDataEntryDto', 'CreateOperationDto']),
    );
    for (const target of targets) {
      const schema = doc.components.schemas[target.name];
      expect({ dto: target.name, documented: !!schema }).toEqual({ dto: target.name, documented: true });
      const metadata = storage.getTargetValidationMetadatas(target, '', true, false);
      const validated = [...new Set(metadata.map((m) => m.propertyName))].sort();
      const defaults = new target() as Record<string, unknown>;
      const required = validated.filter(
        (p) => !metadata.some((m) => m.propertyName === p && m.type === 'conditionalValidation') && defaults[p] === undefined,
      );
      expect({ dto: target.name, properties: Object.keys(schema.properties ?? {}).sort() }).toEqual({
        dto: target.name,
        properties: validated,
      });
      expect({ dto: target.name, required: [...(schema.required ?? [])].sort() }).toEqual({ dto: target.name, required: required.sort() });
    }
    expect(Object.keys(doc.components.schemas.ReportSubmissionDto.properties).length).toBeGreaterThanOrEqual(16);
  });

  it('documents the sections a correction may carry: those the service accepts, each with its submission schema', () => {
    const changes = doc.components.schemas.ProposeCorrectionDto.properties.changes;
    const target = changes.$ref ?? changes.allOf?.[0]?.$ref;
    expect(target).toBe('#/components/schemas/CorrectionChangesDto');
    const sections = doc.components.schemas.CorrectionChangesDto;
    expect(Object.keys(sections.properties).sort()).toEqual([...CORRECTABLE_SECTIONS].sort());
    expect(sections.required ?? []).toEqual([]);
    const submission = doc.components.schemas.ReportSubmissionDto.properties;
    for (const section of CORRECTABLE_SECTIONS)
      expect({ section, schema: sections.properties[section] }).toEqual({ section, schema: submission[section] });
  });

  it('documents no parameter a route ignores', async () => {
    const query = (key: string) =>
      (op(key).parameters ?? [])
        .filter((p: any) => p.in === 'query')
        .map((p: any) => p.name)
        .sort();
    expect(query('get /indicators/ubiquitous')).toEqual(['limit']);
    expect(query('get /matches')).toEqual(['cursor', 'limit']);
    expect(query('get /reports/{id}/receipts')).toEqual(['cursor', 'limit']);
    // A route that documents a cursor reads it: one it did not issue is refused, not ignored.
    const admin: TestUser = { subject: 'probe-admin', member: 'FR', roles: [...WCO_ROLES] };
    const withCursor = operations.filter((o) => (o.op.parameters ?? []).some((p: any) => p.in === 'query' && p.name === 'cursor'));
    expect(withCursor.length).toBeGreaterThanOrEqual(3);
    const report = await t.call(analyst('FR'), 'POST', '/reports', seizureReport());
    expect(report.status).toBe(201);
    for (const { key, path } of withCursor) {
      const res = await t.call(admin, 'GET', `${path.replace('{id}', report.body.id)}?cursor=not-a-cursor-we-issued`);
      expect({ key, status: res.status, code: res.body.code }).toEqual({ key, status: 400, code: 'invalid_cursor' });
    }
    const ignored = await t.call(admin, 'GET', '/indicators/ubiquitous?cursor=abc');
    expect({ status: ignored.status, code: ignored.body.code }).toEqual({ status: 400, code: 'validation_failed' });
  });

  describe('answers as documented', () => {
    let ajv: Ajv;
    const validators = new Map<string, ReturnType<Ajv['compile']>>();
    const answered = new Set<string>();

    /** Every object schema of the document, closed: an undocumented property in an answer is a failure. */
    function closed(schema: any): any {
      if (Array.isArray(schema)) return schema.map(closed);
      if (!schema || typeof schema !== 'object') return schema;
      const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'example' ? v : closed(v)]));
      if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
      return out;
    }

    function conforms(key: string, res: CallResult | { status: number; body: any; headers: Record<string, unknown> }): void {
      const operation = op(key);
      const status = String(res.status);
      const response = operation.responses[status] ?? operation.responses[`${status[0]}XX`];
      expect({ key, status: res.status, documented: !!response, body: response ? undefined : res.body }).toEqual({
        key,
        status: res.status,
        documented: true,
        body: undefined,
      });
      const type = String(res.headers['content-type'] ?? '').split(';')[0];
      const content = response.content?.[type];
      expect({ key, status, type, documented: !!content }).toEqual({ key, status, type, documented: true });
      if (type.includes('json')) {
        const id = `${key} ${status} ${type}`;
        let validate = validators.get(id);
        if (!validate) {
          validate = ajv.compile(
            JSON.parse(JSON.stringify(content.schema).replace(/"#\/components\/schemas\//g, '"doc#/components/schemas/')),
          );
          validators.set(id, validate);
        }
        const valid = validate(res.body);
        expect({
          key,
          status,
          errors: valid ? null : validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params).slice(0, 120)}`),
        }).toEqual({ key, status, errors: null });
      }
      if (res.status < 300) answered.add(key);
    }

    const call = async (
      user: TestUser | undefined,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      key: string,
      url: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const res = user
        ? await t.call(user, method, url, body, headers)
        : await t.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) }).then((r) => ({
            status: r.statusCode,
            body: r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : r.body,
            headers: r.headers as Record<string, unknown>,
          }));
      conforms(key, res);
      // So is every query parameter of a request it accepted.
      if (res.status < 300) {
        for (const [name, value] of new URL(url, 'http://x').searchParams) {
          const parameter = (op(key).parameters ?? []).find((p: any) => p.in === 'query' && p.name === name);
          expect({ key, name, documented: !!parameter }).toEqual({ key, name, documented: true });
          const validate = ajv.compile(parameter.schema);
          expect({
            key,
            name,
            valid: validate(parameter.schema.type === 'integer' || parameter.schema.type === 'number' ? Number(value) : value),
          }).toEqual({ key, name, valid: true });
        }
      }
      // A body the service accepted is one the document accepts (the documented constraints are not stricter).
      const requestSchema = op(key).requestBody?.content?.['application/json']?.schema;
      if (res.status < 300 && body !== undefined) {
        expect({ key, documented: !!requestSchema }).toEqual({ key, documented: true });
        const validate = ajv.compile(
          JSON.parse(JSON.stringify(requestSchema).replace(/"#\/components\/schemas\//g, '"doc#/components/schemas/')),
        );
        const valid = validate(JSON.parse(JSON.stringify(body)));
        expect({ key, request: valid ? null : validate.errors?.map((e) => `${e.instancePath} ${e.message}`) }).toEqual({
          key,
          request: null,
        });
      }
      return res;
    };

    beforeAll(() => {
      ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ components: { schemas: closed(doc.components.schemas) } }, 'doc');
    });

    it('every failure a probe provokes is a documented status with a documented code', async () => {
      const admin: TestUser = { subject: 'probe-admin', member: 'FR', roles: [...WCO_ROLES] };
      const nobody: TestUser = { subject: 'probe-nobody', member: 'FR', roles: [] };
      const fill = (path: string, id: () => string) =>
        path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'version' ? '1' : name === 'member' ? 'DE' : id()));
      for (const { key, path, method } of operations) {
        const route = routes.find((r) => r.key === key);
        if (!route || route.isPublic) continue;
        const verb = method.toUpperCase() as 'GET' | 'POST' | 'DELETE';
        const body = method === 'get' || method === 'delete' ? undefined : {};
        expect((await call(undefined, verb, key, fill(path, randomUUID), body)).status).toBe(401);
        const forged = await t.app.inject({
          method: verb,
          url: fill(path, randomUUID),
          headers: { authorization: 'Bearer not.a.token' },
          ...(body ? { payload: body } : {}),
        });
        conforms(key, { status: forged.statusCode, body: JSON.parse(forged.body), headers: forged.headers as Record<string, unknown> });
        expect({ key, status: forged.statusCode, code: JSON.parse(forged.body).code }).toEqual({ key, status: 401, code: 'invalid_token' });
        await call(admin, verb, key, fill(path, randomUUID), body);
        if (path.includes('{id}'))
          expect(
            (
              await call(
                admin,
                verb,
                key,
                fill(path, () => 'not-a-uuid'),
                body,
              )
            ).status,
          ).toBe(400);
        const refused = await call(nobody, verb, key, fill(path, randomUUID), body);
        if (route.roles?.length)
          expect({ key, status: refused.status, code: refused.body.code }).toEqual({ key, status: 403, code: 'insufficient_role' });
        if (body === undefined) continue;
        // What the HTTP layer answers before any route code runs: a broken body, another media type, too much.
        const token = await t.token(admin);
        for (const [type, payload, status] of [
          ['application/json', '{"type": ', 400],
          ['application/xml', '<report/>', 415],
          ['text/plain', 'a report', 400],
          ['application/json', JSON.stringify({ padding: 'x'.repeat(t.config.HTTP_BODY_LIMIT_BYTES) }), 413],
        ] as const) {
          const r = await t.app.inject({
            method: verb,
            url: fill(path, randomUUID),
            headers: { authorization: `Bearer ${token}`, 'content-type': type },
            payload,
          });
          const res = { status: r.statusCode, body: JSON.parse(r.body), headers: r.headers as Record<string, unknown> };
          expect({ key, type, status: res.status }).toEqual({ key, type, status });
          conforms(key, res);
        }
      }
    });

    it('every operation answers a real request with a body its documented schema accepts', async () => {
      const FR = analyst('FR');
      const DE = analyst('DE');
      const wco = coordinator();
      const created = await call(wco, 'POST', 'post /operations', '/operations', {
        name: 'Operation Contract',
        commodityFocus: ['drugs'],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        participants: ['FR', 'DE'],
      });
      const operationId = created.body.id;
      await call(wco, 'GET', 'get /operations', '/operations');
      await call(wco, 'GET', 'get /operations/{id}', `/operations/${operationId}`);
      await call(wco, 'POST', 'post /operations/{id}/transitions', `/operations/${operationId}/transitions`, { state: 'active' });
      expect(
        (await call(wco, 'POST', 'post /operations/{id}/transitions', `/operations/${operationId}/transitions`, { state: 'planned' }))
          .status,
      ).toBe(409);
      await call(wco, 'POST', 'post /operations/{id}/participants', `/operations/${operationId}/participants`, { member: 'KE' });
      await call(wco, 'DELETE', 'delete /operations/{id}/participants/{member}', `/operations/${operationId}/participants/KE`);
      await call(wco, 'PUT', 'put /operations/{id}/report-template', `/operations/${operationId}/report-template`, { requiredFields: [] });
      const kept = await call(wco, 'POST', 'post /operation-templates', '/operation-templates', {
        name: 'Contract template',
        commodityFocus: ['drugs'],
        participants: ['FR'],
        requiredFields: ['goods.hsCode'],
      });
      await call(wco, 'GET', 'get /operation-templates', '/operation-templates');
      await call(wco, 'GET', 'get /operation-templates/{id}', `/operation-templates/${kept.body.id}`);
      await call(wco, 'PUT', 'put /operation-templates/{id}', `/operation-templates/${kept.body.id}`, {
        name: 'Contract template',
        description: 'Edited',
        commodityFocus: ['drugs'],
        participants: ['FR', 'DE'],
        requiredFields: [],
        version: 1,
      });
      await call(wco, 'POST', 'post /operation-templates/{id}/operations', `/operation-templates/${kept.body.id}/operations`, {
        name: 'From the template',
        startsOn: '2026-01-01',
        endsOn: '2026-01-31',
      });
      await call(wco, 'DELETE', 'delete /operation-templates/{id}', `/operation-templates/${kept.body.id}`);

      // A container of their own: the two reports match each other and nothing else.
      const container = containerNumber('OAS', 424242);
      const body = seizureReport(
        {
          operationId,
          tlp: 'AMBER',
          distribution: { level: 'operation_participants' },
          persons: [{ role: 'driver', nationality: 'NL', ageBand: '35_44' }],
          personalData: {
            persons: [
              {
                personIndex: 0,
                familyName: 'Jansen',
                dateOfBirth: '1985-06-01',
                documents: [{ type: 'passport', number: 'NX12345', issuingCountry: 'NL' }],
              },
            ],
          },
          personalDataReleasedTo: ['DE'],
          companies: [{ name: 'Fruta SA', role: 'exporter', country: 'EC', identifier: { scheme: 'TIN', value: 'EC123456' } }],
        },
        container,
      );
      const key = { 'idempotency-key': randomUUID() };
      const submitted = await call(FR, 'POST', 'post /reports', '/reports', body, key);
      expect(submitted.status).toBe(201);
      expect((await call(FR, 'POST', 'post /reports', '/reports', body, key)).headers['idempotency-replayed']).toBe('true');
      const id = submitted.body.id;
      expect(
        (
          await call(
            DE,
            'POST',
            'post /reports',
            '/reports',
            seizureReport({ operationId, distribution: { level: 'operation_participants' } }, container),
          )
        ).status,
      ).toBe(201);

      await call(
        DE,
        'GET',
        'get /reports',
        `/reports?operationId=${operationId}&limit=1&type=seizure&commodity=drugs&hsChapter=29&hsHeading=2939&detectedFrom=2026-01-01&detectedTo=2026-12-31T00:00:00Z&routeCountry=PA&concealment=hidden_in_goods&detection=x_ray`,
      );
      await call(DE, 'GET', 'get /reports/{id}', `/reports/${id}`);
      await call(FR, 'GET', 'get /reports/{id}', `/reports/${id}`);
      expect((await call(analyst('KE'), 'GET', 'get /reports/{id}', `/reports/${id}`)).status).toBe(404);
      expect((await call(DE, 'POST', 'post /reports/{id}/versions', `/reports/${id}/versions`, body)).status).toBe(403);
      await call(FR, 'POST', 'post /reports/{id}/versions', `/reports/${id}/versions`, body);
      await call(FR, 'GET', 'get /reports/{id}/versions', `/reports/${id}/versions`);
      await call(DE, 'GET', 'get /reports/{id}/versions/{version}', `/reports/${id}/versions/1`);
      expect((await call(DE, 'GET', 'get /reports/{id}/versions/{version}', `/reports/${id}/versions/9`)).status).toBe(404);

      const proposed = await call(DE, 'POST', 'post /reports/{id}/corrections', `/reports/${id}/corrections`, {
        changes: { detection: { code: 'sniffer_dog' } },
        comment: 'dog first',
      });
      await call(FR, 'GET', 'get /reports/{id}/corrections', `/reports/${id}/corrections`);
      const decision = `/reports/${id}/corrections/${proposed.body.id}/decision`;
      await call(FR, 'POST', 'post /reports/{id}/corrections/{correctionId}/decision', decision, { decision: 'accept' });
      expect(
        (await call(FR, 'POST', 'post /reports/{id}/corrections/{correctionId}/decision', decision, { decision: 'reject' })).status,
      ).toBe(409);

      const matches = await call(FR, 'GET', 'get /matches', '/matches');
      const match = matches.body.items.find((m: any) => m.reportId === id);
      expect(match).toMatchObject({ matchedReportId: expect.any(String) });
      expect((await call(FR, 'GET', 'get /matches/{id}', `/matches/${match.id}`)).body).toEqual(match);
      // Not a match of the caller's Member (or none at all): the same 404.
      for (const [who, matchId] of [
        [wco, match.id],
        [analyst('KE'), match.id],
        [FR, randomUUID()],
      ] as const) {
        const res = await call(who, 'GET', 'get /matches/{id}', `/matches/${matchId}`);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'match_not_found' });
      }
      await call(DE, 'POST', 'post /reports/{id}/feedback', `/reports/${id}/feedback`, { outcome: 'hit', matchId: match.id });
      await call(FR, 'GET', 'get /reports/{id}/feedback', `/reports/${id}/feedback`);
      await call(FR, 'GET', 'get /reports/{id}/receipts', `/reports/${id}/receipts`);
      await call(auditor, 'GET', 'get /reports/{id}/receipts', `/reports/${id}/receipts?limit=2`);
      expect((await call(DE, 'GET', 'get /reports/{id}/receipts', `/reports/${id}/receipts`)).status).toBe(404);

      const bundle = await call(FR, 'GET', 'get /reports/{id}/stix', `/reports/${id}/stix`);
      await call(wco, 'GET', 'get /operations/{id}/stix', `/operations/${operationId}/stix`);
      await call(FR, 'POST', 'post /stix/import', '/stix/import', bundle.body);
      expect((await call(FR, 'POST', 'post /stix/import', '/stix/import', { type: 'not-a-bundle' })).status).toBe(400);
      await call(wco, 'GET', 'get /indicators/ubiquitous', '/indicators/ubiquitous?limit=5');

      for (const path of PUBLIC_PATHS) await call(undefined, 'GET', `get ${path}`, path);

      // Every documented operation was answered with a 2xx body that its schema accepted.
      expect(operations.map((o) => o.key).filter((k) => !answered.has(k))).toEqual([]);
    });
  });
});
