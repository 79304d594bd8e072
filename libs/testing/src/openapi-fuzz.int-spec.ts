/* fuzzOpenApi must catch what it is for: a toy service with one defect per rule, on a real test database. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './database';
import { fuzzOpenApi } from './openapi-fuzz';

const document = {
  openapi: '3.0.0',
  paths: {
    '/things/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }] } },
    '/things': {
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { name: { type: 'string', example: 'box' } }, required: ['name'] },
            },
          },
        },
      },
    },
  },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Defect = 'none' | 'server-error' | 'plain-json' | 'unnamed-field' | 'writes-then-refuses';

/** A service that follows the rules, except for the one defect it is started with. */
function toyService(db: Client, defect: Defect): Server {
  const problem = (res: ServerResponse, status: number, field?: string) => {
    const body = {
      type: 'urn:x',
      title: 'x',
      status,
      code: 'bad',
      detail: 'x',
      ...(field && defect !== 'unnamed-field' ? { errors: [{ field, reason: 'bad' }] } : {}),
    };
    res
      .writeHead(status, { 'content-type': defect === 'plain-json' ? 'application/json' : 'application/problem+json' })
      .end(JSON.stringify(body));
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://toy');
        for (const [name, value] of url.searchParams) if (value.includes('\u0000')) return problem(res, 400, name);
        const id = /^\/things\/([^/]+)$/.exec(url.pathname)?.[1];
        if (req.method === 'GET' && id !== undefined) {
          const decoded = (() => {
            try {
              return decodeURIComponent(id);
            } catch {
              return undefined;
            }
          })();
          if (decoded === undefined) return problem(res, 400);
          if (id.length > 100) return problem(res, 414);
          if (!UUID.test(decoded)) return defect === 'server-error' ? res.writeHead(500).end() : problem(res, 400, 'id');
          return problem(res, 404);
        }
        if (req.method === 'POST' && url.pathname === '/things') {
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return problem(res, 400);
          }
          if (defect === 'writes-then-refuses') await db.query('INSERT INTO thing (name) VALUES ($1)', ['written before validation']);
          const name = (body as { name?: unknown })?.name;
          const keys = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
          const extra = keys.find((k) => k !== 'name');
          if (extra !== undefined) return problem(res, 400, extra.includes('\u0000') || /\p{Cs}/u.test(extra) ? '(body)' : extra);
          if (typeof name !== 'string' || name.length > 200 || name.includes('\u0000') || /\p{Cs}/u.test(name))
            return problem(res, 400, 'name');
          if (defect !== 'writes-then-refuses') await db.query('INSERT INTO thing (name) VALUES ($1)', [name]);
          return res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
        }
        return problem(res, 404);
      })();
    });
  });
}

describe('fuzzOpenApi', () => {
  let database: TestDatabase;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase('fuzz_engine');
    db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query('CREATE TABLE thing (id serial PRIMARY KEY, name text NOT NULL)');
  });

  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  async function fuzz(defect: Defect) {
    const server = toyService(db, defect);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      return await fuzzOpenApi({
        baseUrl: `http://127.0.0.1:${port}`,
        document,
        authorization: 'Bearer t',
        databaseUrl: database.url,
        seed: 42,
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  }

  it('finds nothing to report on a service that follows the rules, after at least 1,000 requests', async () => {
    const report = await fuzz('none');
    expect(report.violations).toEqual([]);
    expect(report.total).toBeGreaterThanOrEqual(1000);
    expect(report.operations).toEqual(['GET /things/{id}', 'POST /things']);
  }, 60_000);

  it.each<[Defect, RegExp]>([
    ['server-error', /GET \/things\/.* -> 500: server error/],
    ['plain-json', /-> 400: not problem\+json \(application\/json\)/],
    ['unnamed-field', /-> 400: problem does not name (id|name)/],
    ['writes-then-refuses', /POST \/things .* -> 400: refused but rows changed: public\.thing \d+ -> \d+/],
  ])(
    'reports a service with the defect %s, with the seed to replay it',
    async (defect, expected) => {
      const report = await fuzz(defect);
      expect(report.violations.some((v) => expected.test(v))).toBe(true);
      expect(report.violations[0]).toMatch(/^\[seed 42 #\d+\]/);
    },
    60_000,
  );

  it('sends bad requests to loopback addresses only', async () => {
    await expect(
      fuzzOpenApi({ baseUrl: 'http://10.0.0.8:3001', document, authorization: 'Bearer t', databaseUrl: database.url }),
    ).rejects.toThrow('fuzzOpenApi sends bad requests to loopback services only, not to http://10.0.0.8:3001');
  });
});
