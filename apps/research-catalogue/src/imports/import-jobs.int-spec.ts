/* Large imports as jobs, against the real PostgreSQL: the body is staged whole or not at all, chunks are worked with
 * a lease, progress and per-item results are reported, jobs take turns, and only Secretariat editors see them. The
 * first app works jobs only when the test says so (IMPORT_JOB_INTERVAL_MS=0), so that progress can be read between
 * chunks; the second runs the background worker as a deployment does. */
import { publicationBody, titled } from '../testing/publication-fixtures';
import { editor, memberEditor, officer, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import type { ResearchCatalogueTestApp } from '../testing/research-catalogue-test-app';
import { ImportJobWorker } from './import-job.worker';
import { ImportJobsService } from './import-jobs.service';

const NDJSON = { 'content-type': 'application/x-ndjson' };
const ndjson = (items: unknown[]): string => items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n') + '\n';
const item = (n: number, prefix: string, overrides: Record<string, unknown> = {}) =>
  publicationBody({ ...titled(`${prefix} paper ${n}`), externalId: `${prefix}-${n}`, ...overrides });

describe('import jobs (manual worker)', () => {
  let t: ResearchCatalogueTestApp;
  let jobs: ImportJobsService;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_import_jobs', {
      env: { IMPORT_JOB_INTERVAL_MS: '0', IMPORT_JOB_CHUNK_ITEMS: '200', IMPORT_JOB_MAX_ITEMS: '1000', IMPORT_JOB_MAX_BYTES: '2000000' },
    });
    jobs = t.app.get(ImportJobsService);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const job = async (id: string) => (await t.call(editor, 'GET', `/import-jobs/${id}`)).body;
  const allItems = async (id: string, query = '') => {
    const out: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.call(editor, 'GET', `/import-jobs/${id}/items?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      out.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return out;
  };
  const drain = async () => {
    while ((await jobs.workOnce()) === 'worked');
  };

  it('stages an NDJSON body, reports progress chunk by chunk, and ends with a result for every item', async () => {
    const before = await t.call(editor, 'POST', '/imports', { items: [item(7, 'nd')] });
    expect(before.body.created).toBe(1);
    const lines: unknown[] = Array.from({ length: 450 }, (_, n) => item(n, 'nd'));
    lines[3] = '{"type": "study_report", "titles": [';
    lines[4] = '[1, 2]';
    lines[5] = item(5, 'nd', { creators: [{ familyName: 'X', orcid: '0000-0000-0000-0000' }] });
    // Empty lines take no position.
    const body = ndjson(lines).replace('\n', '\n\n\r\n');

    const submitted = await t.call(editor, 'POST', '/import-jobs', body, NDJSON);
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    expect(submitted.headers['location']).toBe(`/import-jobs/${id}`);
    // The two lines that are not publications fail at once; nothing is worked yet.
    expect(submitted.body).toMatchObject({
      status: 'queued',
      total: 450,
      processed: 2,
      failed: 2,
      created: 0,
      pending: 448,
      startedAt: null,
    });

    expect(await jobs.workOnce()).toBe('worked');
    const halfway = await job(id);
    expect(halfway).toMatchObject({ status: 'running', total: 450, processed: 202, pending: 248 });
    expect(halfway.created + halfway.unchanged + halfway.failed).toBe(202);
    expect(halfway.percent).toBe(44.8);
    expect(halfway.itemsPerSecond).toBeGreaterThan(0);
    expect(halfway.etaSeconds).toBeGreaterThan(0);
    expect((await allItems(id, '&status=pending')).map((i) => i.index)).toEqual(Array.from({ length: 248 }, (_, k) => 202 + k));

    await drain();
    const done = await job(id);
    expect(done).toMatchObject({
      status: 'completed',
      total: 450,
      processed: 450,
      pending: 0,
      created: 446,
      unchanged: 1,
      failed: 3,
      etaSeconds: null,
    });
    expect(done.finishedAt).not.toBeNull();

    const items = await allItems(id);
    expect(items.map((i) => i.index)).toEqual(Array.from({ length: 450 }, (_, k) => k));
    expect(items[7]).toEqual({ index: 7, status: 'unchanged', externalId: 'nd-7', id: before.body.results[0].id });
    expect(items[0]).toMatchObject({ index: 0, status: 'created', externalId: 'nd-0', id: expect.any(String) });
    const failed = await allItems(id, '&status=failed');
    expect(failed.map((f) => [f.index, f.code])).toEqual([
      [3, 'malformed_json'],
      [4, 'validation_failed'],
      [5, 'validation_failed'],
    ]);
    expect(failed[0].errors).toEqual([{ field: 'items.3', reason: expect.stringContaining('malformed JSON') }]);
    expect(failed[1].errors).toEqual([{ field: 'items.4', reason: expect.stringContaining('JSON object') }]);
    // Field errors name the item's position in the whole body, not in its chunk.
    expect(failed[2].errors).toEqual([{ field: 'items.5.creators.0.orcid', reason: expect.stringContaining('ORCID') }]);
    // Every created item is a catalogued publication, once.
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM publication WHERE external_id LIKE 'nd-%'`);
    expect(n).toBe(447);
    // What was imported is not kept twice: the staged payloads are gone once worked.
    expect(await t.dataSource.query(`SELECT 1 FROM import_job_item WHERE job_id = $1 AND payload IS NOT NULL`, [id])).toHaveLength(0);
  });

  it('refuses the whole upload for what any JSON body is refused for, naming the item and field; nothing is kept', async () => {
    const jobsBefore = await t.count('import_job');
    const deep = `{"externalId": "deep-1", "keywords": ${'['.repeat(70)}${']'.repeat(70)}}`;
    const cases: [string, string, Record<string, string> | undefined, string, RegExp][] = [
      [
        'NUL',
        ndjson([item(0, 'rule'), item(1, 'rule', { titles: [{ language: 'en', text: 'Nul \u0000 in it', original: true }] })]),
        NDJSON,
        'unsafe_string',
        /^items\.1\.titles\.0\.text$/,
      ],
      ['depth', ndjson([item(0, 'rule'), item(1, 'rule'), deep]), NDJSON, 'json_too_deep', /^items\.2\.keywords(\.0)+$/],
      ['proto', ndjson(['{"externalId": "proto-1", "__proto__": {"polluted": true}}']), NDJSON, 'forbidden_property_name', /.*/],
      [
        'surrogate',
        JSON.stringify({ items: [item(0, 'rule'), item(1, 'rule', { series: 'bad \ud800' })] }),
        { 'content-type': 'application/json' },
        'unsafe_string',
        /^items\.1\.series$/,
      ],
    ];
    for (const [what, body, headers, code, field] of cases) {
      const refused = await t.call(editor, 'POST', '/import-jobs', body, headers);
      expect([what, refused.status, refused.body.code]).toEqual([what, 400, code]);
      if (refused.body.errors) expect(refused.body.errors[0].field).toMatch(field);
    }
    expect(await t.count('import_job')).toBe(jobsBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('takes a JSON body and an Idempotency-Key: the same body again answers the same job, another body is refused', async () => {
    const body = { items: [item(1, 'js'), item(2, 'js')] };
    const headers = { 'idempotency-key': 'import-js-1' };
    const first = await t.call(editor, 'POST', '/import-jobs', body, headers);
    expect(first.status).toBe(202);
    const again = await t.call(editor, 'POST', '/import-jobs', body, headers);
    expect(again.status).toBe(202);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await t.call(editor, 'POST', '/import-jobs', { items: [item(3, 'js')] }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM import_job WHERE content_sha256 = (SELECT content_sha256 FROM import_job WHERE id = $1)`,
      [first.body.id],
    );
    expect(n).toBe(1);
    await drain();
    expect(await job(first.body.id)).toMatchObject({ status: 'completed', created: 2 });
  });

  it('keeps nothing of a body it refuses: too many items, too many bytes, an empty body, a wrong shape or media type', async () => {
    const jobsBefore = await t.count('import_job');
    const itemsBefore = await t.count('import_job_item');
    const tooMany = await t.call(
      editor,
      'POST',
      '/import-jobs',
      ndjson(Array.from({ length: 1001 }, (_, n) => ({ externalId: `x-${n}` }))),
      NDJSON,
    );
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ code: 'payload_too_large', limit: 1000, unit: 'items' });
    const huge = ndjson([item(1, 'big', { keywords: ['x'.repeat(1_000_000)] }), item(2, 'big', { keywords: ['y'.repeat(1_000_000)] })]);
    const tooBig = await t.call(editor, 'POST', '/import-jobs', huge, NDJSON);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ code: 'payload_too_large', limit: 2_000_000, unit: 'bytes' });
    const empty = await t.call(editor, 'POST', '/import-jobs', '\n\n', NDJSON);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'items', reason: expect.stringContaining('at least one') }]);
    const shape = await t.call(editor, 'POST', '/import-jobs', { publications: [] });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(['publications', 'items']);
    const broken = await t.call(editor, 'POST', '/import-jobs', '{"items": [', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('malformed_json');
    const poisoned = await t.call(editor, 'POST', '/import-jobs', '{"items": [{"__proto__": {"admin": true}}]}', {
      'content-type': 'application/json',
    });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.code).toBe('forbidden_property_name');
    const csv = await t.call(editor, 'POST', '/import-jobs', 'externalId,title\n1,x\n', { 'content-type': 'text/csv' });
    expect(csv.status).toBe(415);
    expect(csv.body.code).toBe('unsupported_media_type');
    expect(await t.count('import_job')).toBe(jobsBefore);
    expect(await t.count('import_job_item')).toBe(itemsBefore);
  });

  it('is for Secretariat editors only; an unknown or malformed id is the same 404', async () => {
    const created = await t.call(editor, 'POST', '/import-jobs', ndjson([item(1, 'acl')]), NDJSON);
    const id = created.body.id as string;
    for (const user of [officer('FR'), memberEditor('KE')]) {
      expect((await t.call(user, 'POST', '/import-jobs', ndjson([item(2, 'acl')]), NDJSON)).status).toBe(403);
      // Without the editor role the route refuses (insufficient_role); a Member's editor is not the Secretariat's.
      for (const url of ['/import-jobs', `/import-jobs/${id}`, `/import-jobs/${id}/items`])
        expect((await t.call(user, 'GET', url)).body.code).toBe(
          user.roles.includes('editor') ? 'secretariat_editor_required' : 'insufficient_role',
        );
      expect((await t.call(user, 'POST', `/import-jobs/${id}/cancel`)).status).toBe(403);
    }
    expect((await t.call(undefined, 'GET', `/import-jobs/${id}`)).status).toBe(401);
    for (const other of ['0b6f6a5e-2f4d-4c7e-9a43-52d1f2b7c001', 'not-a-uuid']) {
      const missing = await t.call(editor, 'GET', `/import-jobs/${other}`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('import_job_not_found');
      expect((await t.call(editor, 'GET', `/import-jobs/${other}/items`)).status).toBe(404);
      expect((await t.call(editor, 'POST', `/import-jobs/${other}/cancel`)).status).toBe(404);
    }
    const bad = await t.call(editor, 'GET', `/import-jobs/${id}/items?status=lost&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'status']);
    await drain();
  });

  it('cancels a running job: what was imported stays, the rest is left and listed as cancelled', async () => {
    const created = await t.call(editor, 'POST', '/import-jobs', ndjson(Array.from({ length: 500 }, (_, n) => item(n, 'cx'))), NDJSON);
    const id = created.body.id as string;
    expect(await jobs.workOnce()).toBe('worked');
    const cancelled = await t.call(editor, 'POST', `/import-jobs/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', processed: 200, created: 200, pending: 300, etaSeconds: null });
    expect(await jobs.workOnce()).toBe('idle');
    expect(await job(id)).toMatchObject({ status: 'cancelled', processed: 200 });
    expect(await allItems(id, '&status=cancelled')).toHaveLength(300);
    expect(await allItems(id, '&status=pending')).toHaveLength(0);
    const again = await t.call(editor, 'POST', `/import-jobs/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'import_job_finished', jobStatus: 'cancelled' });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM publication WHERE external_id LIKE 'cx-%'`);
    expect(n).toBe(200);
  });

  it('lets one instance work a job at a time, takes over a chunk whose lease ran out, and gives jobs turns', async () => {
    const big = (await t.call(editor, 'POST', '/import-jobs', ndjson(Array.from({ length: 400 }, (_, n) => item(n, 'rr'))), NDJSON)).body
      .id;
    const small = (await t.call(editor, 'POST', '/import-jobs', ndjson(Array.from({ length: 10 }, (_, n) => item(n, 'sm'))), NDJSON)).body
      .id;
    // Two workers at once: the big job is leased by one, the other takes the small job rather than wait.
    const outcomes = await Promise.all([jobs.workOnce(), jobs.workOnce()]);
    expect(outcomes).toEqual(['worked', 'worked']);
    expect(await job(small)).toMatchObject({ status: 'completed', created: 10 });
    expect(await job(big)).toMatchObject({ status: 'running', processed: 200 });

    // An instance that stopped mid-chunk: its lease is held, so no other instance works the job...
    await t.dataSource.query(`UPDATE import_job SET lease_until = now() + interval '1 hour' WHERE id = $1`, [big]);
    expect(await jobs.workOnce()).toBe('idle');
    // ...until the lease has passed; the items that instance had written are then reported unchanged.
    await t.call(editor, 'POST', '/imports', { items: [item(200, 'rr'), item(201, 'rr')] });
    await t.dataSource.query(`UPDATE import_job SET lease_until = now() - interval '1 second' WHERE id = $1`, [big]);
    await drain();
    expect(await job(big)).toMatchObject({ status: 'completed', processed: 400, created: 398, unchanged: 2, failed: 0 });
  });

  it('lists jobs newest first, page by page, and deletes finished ones after their retention', async () => {
    const first = await t.call(editor, 'GET', '/import-jobs?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.call(editor, 'GET', `/import-jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(await t.count('import_job'));
    const times = all.map((j) => j.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(all.map((j) => j.id)).size).toBe(all.length);

    const old = all.find((j) => j.status === 'completed').id;
    await t.dataSource.query(`UPDATE import_job SET finished_at = now() - interval '31 days' WHERE id = $1`, [old]);
    expect(await jobs.purge()).toBe(1);
    expect((await t.call(editor, 'GET', `/import-jobs/${old}`)).status).toBe(404);
    expect(await t.dataSource.query(`SELECT 1 FROM import_job_item WHERE job_id = $1`, [old])).toHaveLength(0);
  });
});

describe('import jobs (background worker)', () => {
  let t: ResearchCatalogueTestApp;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_import_worker', { env: { IMPORT_JOB_INTERVAL_MS: '200', IMPORT_JOB_CHUNK_ITEMS: '50' } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('works a submitted job to the end by itself', async () => {
    const created = await t.call(editor, 'POST', '/import-jobs', ndjson(Array.from({ length: 120 }, (_, n) => item(n, 'bg'))), NDJSON);
    expect(created.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let view: any;
    do {
      await new Promise((r) => setTimeout(r, 100));
      view = (await t.call(editor, 'GET', `/import-jobs/${created.body.id}`)).body;
    } while (view.status !== 'completed' && Date.now() < deadline);
    expect(view).toMatchObject({ status: 'completed', processed: 120, created: 120, percent: 100 });
    expect(view.itemsPerSecond).toBeGreaterThan(0);
    // Nothing is due any more: a drain works no chunk.
    expect(await t.app.get(ImportJobWorker).drain()).toBe(0);
  });
});
