import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type { Principal, WcoRole } from '@wco/auth';
import { ConflictError, CursorCodec, decodeTimeIdCursor, encodeTimeIdCursor, NotFoundError, ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import { IdempotencyStore } from '@wco/persistence';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { isCatalogueEditor } from '../publications/domain/access-policy';
import { SecretariatEditorRequiredError } from '../publications/publications.errors';
import { PublicationsService } from '../publications/publications.service';
import { readImportBody } from './import-body';
import type { ImportBodyKind, ReadItem } from './import-body';
import { importItems } from './imports.controller';

export type ImportJobStatus = 'queued' | 'running' | 'completed' | 'cancelled';
export type ImportItemStatus = 'pending' | 'created' | 'unchanged' | 'failed' | 'cancelled';

export interface ImportJobView {
  id: string;
  status: ImportJobStatus;
  submittedBy: string;
  total: number;
  processed: number;
  created: number;
  unchanged: number;
  failed: number;
  /** Items not worked yet (left unworked for good when the job was cancelled). */
  pending: number;
  /** processed / total, in per cent with one decimal. */
  percent: number;
  /** Items worked per second since the job started (until it finished); null before it starts. */
  itemsPerSecond: number | null;
  /** Seconds until the job is done at that rate; null when it is not running or no rate is known yet. */
  etaSeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportJobItemView {
  index: number;
  status: ImportItemStatus;
  externalId?: string;
  id?: string;
  code?: string;
  errors?: FieldError[];
}

interface JobRow {
  id: string;
  status: ImportJobStatus;
  created_by: string;
  member: string;
  roles: string[];
  total: number;
  processed: number;
  created: number;
  unchanged: number;
  failed: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  now: Date;
}

const JOB_COLUMNS = `id, status, created_by, member, roles, total, processed, created, unchanged, failed, created_at, started_at,
  finished_at, clock_timestamp() AS now`;

export class ImportJobNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`import job ${id} does not exist`, { code: 'import_job_not_found' });
  }
}

export class ImportJobFinishedError extends ConflictError {
  constructor(id: string, status: ImportJobStatus) {
    super(`import job ${id} is ${status} already`, { code: 'import_job_finished', extensions: { jobStatus: status } });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPE = 'research-import-job';
const POSITION_CURSOR = new CursorCodec(['int'] as const);
/** Items staged per INSERT while the body streams in. */
const STAGE_BATCH = 500;

/**
 * Import jobs: a large import received in one request and worked through in the background, with a progress report.
 * The body is staged in the request's transaction (all of it or, on a broken or oversized upload, nothing); any
 * instance then works it chunk by chunk (`IMPORT_JOB_CHUNK_ITEMS`) through the same code as `POST /imports`
 * (validation per item, the set-wise write, events and notifications), holding a lease on the job while a chunk runs
 * and recording the chunk's results and counters in one transaction. Jobs take turns chunk by chunk.
 *
 * A chunk interrupted between its write and the recording of its results (a crash) is worked again after the lease:
 * its items are idempotent by external id, so the ones that went in are then reported `unchanged` with their id.
 */
@Injectable()
export class ImportJobsService {
  private readonly logger = new Logger(ImportJobsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly publications: PublicationsService,
    private readonly config: ResearchCatalogueConfig,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /** Stages the body as a new job (202), or replays the job an earlier request with the same Idempotency-Key made. */
  async submit(
    caller: Principal,
    body: Readable,
    kind: ImportBodyKind,
    idempotencyKey?: string,
  ): Promise<{ view: ImportJobView; replayed: boolean }> {
    requireEditor(caller);
    const id = randomUUID();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let scope: string | undefined;
    let committed = false;
    try {
      await runner.startTransaction();
      await runner.query(
        `INSERT INTO import_job (id, created_by, member, roles, status, total, content_sha256) VALUES ($1, $2, $3, $4, 'queued', 0, repeat('0', 64))`,
        [id, caller.subject, caller.member, caller.roles],
      );
      let staged = { total: 0, failed: 0 };
      const read = await readImportBody(
        body,
        kind,
        {
          maxBytes: this.config.IMPORT_JOB_MAX_BYTES,
          maxItems: this.config.IMPORT_JOB_MAX_ITEMS,
          maxDepth: this.config.HTTP_JSON_MAX_DEPTH,
        },
        STAGE_BATCH,
        async (items) => {
          staged = { total: staged.total + items.length, failed: staged.failed + (await stage(runner, id, items)) };
        },
      );
      if (read.total === 0) {
        // Nothing to do is the client's mistake, not an empty job.
        throw new ValidationFailedError([{ field: 'items', reason: 'must hold at least one publication' }]);
      }
      if (idempotencyKey !== undefined) {
        scope = `${SCOPE}:${caller.member}:${caller.subject}`;
        const begun = await this.idempotency.begin(scope, idempotencyKey, { sha256: read.sha256, kind });
        if (begun.state === 'replay') {
          scope = undefined;
          await runner.rollbackTransaction();
          return { view: begun.body as ImportJobView, replayed: true };
        }
      }
      const [row] = (await runner.query(
        `UPDATE import_job SET total = $2::int, processed = $3::int, failed = $3::int, content_sha256 = $4,
                status = CASE WHEN $3::int = $2::int THEN 'completed' ELSE 'queued' END,
                started_at = CASE WHEN $3::int = $2::int THEN now() END, finished_at = CASE WHEN $3::int = $2::int THEN now() END
          WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
        [id, read.total, staged.failed, read.sha256],
      )) as [JobRow[], number];
      const view = jobView(row[0]);
      if (scope !== undefined) await this.idempotency.complete(scope, idempotencyKey as string, 202, view, runner.manager);
      await runner.commitTransaction();
      committed = true;
      return { view, replayed: false };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (scope !== undefined && !committed) await this.idempotency.abandon(scope, idempotencyKey as string);
      // What is left of a refused body is not read (the reply is sent now); the connection is closed after it.
      body.resume();
      throw e;
    } finally {
      await runner.release();
    }
  }

  async get(caller: Principal, id: string): Promise<ImportJobView> {
    requireEditor(caller);
    return jobView(await this.row(id));
  }

  /** The latest jobs first, a page at a time. */
  async list(caller: Principal, limit: number, cursor?: string): Promise<{ items: ImportJobView[]; nextCursor: string | null }> {
    requireEditor(caller);
    const params: unknown[] = [limit + 1];
    let where = '';
    if (cursor !== undefined) {
      params.push(...decodeTimeIdCursor(cursor));
      where = 'WHERE (created_at, id) < ($2::timestamptz, $3::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM import_job ${where} ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    )) as JobRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(jobView), nextCursor: rows.length > limit ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  /** The job's items in their order, optionally of one status, a page at a time. */
  async items(
    caller: Principal,
    id: string,
    options: { status?: ImportItemStatus; cursor?: string; limit: number },
  ): Promise<{ items: ImportJobItemView[]; nextCursor: string | null }> {
    requireEditor(caller);
    const job = await this.row(id);
    const after = options.cursor === undefined ? -1 : POSITION_CURSOR.decode(options.cursor)[0];
    const params: unknown[] = [id, after, options.limit + 1];
    let filter = '';
    if (options.status) {
      const stored = options.status === 'pending' || options.status === 'cancelled' ? null : options.status;
      // Unworked items are `pending` while the job runs and `cancelled` once it was cancelled.
      const unworked = options.status === (job.status === 'cancelled' ? 'cancelled' : 'pending');
      if (stored === null && !unworked) return { items: [], nextCursor: null };
      filter = stored === null ? 'AND status IS NULL' : `AND status = $4`;
      if (stored !== null) params.push(stored);
    }
    const rows = (await this.dataSource.query(
      `SELECT position, external_id, status, publication_id, code, errors FROM import_job_item
        WHERE job_id = $1 AND position > $2 ${filter} ORDER BY position LIMIT $3`,
      params,
    )) as {
      position: number;
      external_id: string | null;
      status: string | null;
      publication_id: string | null;
      code: string | null;
      errors: FieldError[] | null;
    }[];
    const page = rows.slice(0, options.limit);
    return {
      items: page.map((r) => ({
        index: r.position,
        status: (r.status ?? (job.status === 'cancelled' ? 'cancelled' : 'pending')) as ImportItemStatus,
        ...(r.external_id !== null ? { externalId: r.external_id } : {}),
        ...(r.publication_id !== null ? { id: r.publication_id } : {}),
        ...(r.code !== null ? { code: r.code } : {}),
        ...(r.errors !== null ? { errors: r.errors } : {}),
      })),
      nextCursor: rows.length > options.limit ? POSITION_CURSOR.encode([page[page.length - 1].position]) : null,
    };
  }

  /** Stops a queued or running job: a chunk being worked finishes and is recorded, the rest is left unworked. */
  async cancel(caller: Principal, id: string): Promise<ImportJobView> {
    requireEditor(caller);
    if (!UUID.test(id)) throw new ImportJobNotFoundError(id);
    const [rows] = (await this.dataSource.query(
      `UPDATE import_job SET status = 'cancelled', finished_at = now(), cancelled_by = $2
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${JOB_COLUMNS}`,
      [id, caller.subject],
    )) as [JobRow[], number];
    if (rows.length === 1) return jobView(rows[0]);
    const job = await this.row(id);
    throw new ImportJobFinishedError(id, job.status);
  }

  /**
   * Claims the next due job (the one whose turn is oldest) and works one chunk of it: 'idle' when no job is due.
   * The job's turn moves to the back when the chunk is recorded, so jobs share the workers chunk by chunk.
   */
  async workOnce(): Promise<'idle' | 'worked'> {
    const [claimed] = (await this.dataSource.query(
      `UPDATE import_job j SET status = 'running', started_at = coalesce(j.started_at, now()),
              lease_until = now() + make_interval(secs => $1)
         FROM (SELECT id FROM import_job
                WHERE status IN ('queued', 'running') AND next_run_at <= now() AND (lease_until IS NULL OR lease_until < now())
                ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
        WHERE j.id = due.id
       RETURNING j.id, j.created_by, j.member, j.roles`,
      [this.config.IMPORT_JOB_LEASE_SECONDS],
    )) as [Pick<JobRow, 'id' | 'created_by' | 'member' | 'roles'>[], number];
    const job = claimed[0];
    if (!job) return 'idle';
    const items = (await this.dataSource.query(
      `SELECT position, payload FROM import_job_item WHERE job_id = $1 AND status IS NULL ORDER BY position LIMIT $2`,
      [job.id, this.config.IMPORT_JOB_CHUNK_ITEMS],
    )) as { position: number; payload: Record<string, unknown> }[];
    if (items.length === 0) {
      await this.dataSource.query(
        `UPDATE import_job SET status = CASE WHEN status = 'running' THEN 'completed' ELSE status END,
                finished_at = coalesce(finished_at, now()), lease_until = NULL WHERE id = $1`,
        [job.id],
      );
      return 'worked';
    }
    // The job runs with the rights of the token that submitted it.
    const principal: Principal = { subject: job.created_by, member: job.member, roles: job.roles as WcoRole[] };
    let results;
    try {
      results = (
        await importItems(
          this.publications,
          principal,
          items.map((i) => i.payload),
        )
      ).results;
    } catch (e) {
      // Not an item's fault (the database went away...): the chunk is tried again in a minute.
      this.logger.warn(`import job ${job.id}: a chunk failed and is retried: ${e instanceof Error ? e.message : String(e)}`);
      await this.dataSource
        .query(`UPDATE import_job SET lease_until = NULL, next_run_at = now() + interval '1 minute' WHERE id = $1`, [job.id])
        .catch(() => undefined);
      return 'worked';
    }
    const outcomes = results.map((r) => ({
      position: items[r.index].position,
      status: r.status,
      id: r.id ?? null,
      code: r.code ?? null,
      errors: r.errors ? r.errors.map((f) => ({ ...f, field: f.field.replace(/^items\.\d+/, `items.${items[r.index].position}`) })) : null,
    }));
    await this.dataSource.transaction(async (em) => {
      // Only items still unworked are counted: a chunk worked twice (a lease that ran out) is counted once.
      const [updated] = (await em.query(
        `UPDATE import_job_item i SET status = r.status, publication_id = r.id, code = r.code, errors = r.errors, payload = NULL
           FROM jsonb_to_recordset($2::jsonb) AS r(position integer, status text, id uuid, code text, errors jsonb)
          WHERE i.job_id = $1 AND i.position = r.position AND i.status IS NULL
         RETURNING i.status`,
        [job.id, JSON.stringify(outcomes)],
      )) as [{ status: string }[], number];
      const n = (s: string) => updated.filter((u) => u.status === s).length;
      await em.query(
        `UPDATE import_job SET processed = processed + $2, created = created + $3, unchanged = unchanged + $4, failed = failed + $5,
                status = CASE WHEN status = 'running' AND processed + $2 = total THEN 'completed' ELSE status END,
                finished_at = CASE WHEN status = 'running' AND processed + $2 = total THEN now() ELSE finished_at END,
                lease_until = NULL, next_run_at = now()
          WHERE id = $1`,
        [job.id, updated.length, n('created'), n('unchanged'), n('failed')],
      );
    });
    return 'worked';
  }

  /** Deletes finished jobs (and their items) older than IMPORT_JOB_RETENTION_DAYS; returns how many. */
  async purge(): Promise<number> {
    const [, count] = (await this.dataSource.query(`DELETE FROM import_job WHERE finished_at < now() - make_interval(days => $1)`, [
      this.config.IMPORT_JOB_RETENTION_DAYS,
    ])) as [unknown, number];
    return count;
  }

  private async row(id: string): Promise<JobRow> {
    // A string that is not a uuid names no job: the same 404 as an unknown id.
    if (!UUID.test(id)) throw new ImportJobNotFoundError(id);
    const rows = (await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM import_job WHERE id = $1`, [id])) as JobRow[];
    if (rows.length === 0) throw new ImportJobNotFoundError(id);
    return rows[0];
  }
}

function requireEditor(caller: Principal): void {
  if (!isCatalogueEditor(caller)) throw new SecretariatEditorRequiredError();
}

/** Inserts a batch of read items; an item that is not a JSON object is failed at once. Returns how many failed. */
async function stage(runner: QueryRunner, jobId: string, items: readonly ReadItem[]): Promise<number> {
  const externalId = (i: ReadItem) =>
    'value' in i && typeof i.value.externalId === 'string' && i.value.externalId.length <= 255 ? i.value.externalId : null;
  await runner.query(
    `INSERT INTO import_job_item (job_id, position, external_id, payload, status, code, errors)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      jobId,
      items.map((i) => i.position),
      items.map(externalId),
      items.map((i) => ('value' in i ? JSON.stringify(i.value) : null)),
      items.map((i) => ('value' in i ? null : 'failed')),
      items.map((i) => ('value' in i ? null : i.code)),
      items.map((i) => ('value' in i ? null : JSON.stringify([i.error]))),
    ],
  );
  return items.filter((i) => !('value' in i)).length;
}

function jobView(row: JobRow): ImportJobView {
  const end = row.finished_at ?? row.now;
  const seconds = row.started_at ? (end.getTime() - row.started_at.getTime()) / 1000 : 0;
  const rate = row.started_at && seconds > 0 && row.processed > 0 ? row.processed / seconds : null;
  const pending = row.total - row.processed;
  return {
    id: row.id,
    status: row.status,
    submittedBy: row.created_by,
    total: row.total,
    processed: row.processed,
    created: row.created,
    unchanged: row.unchanged,
    failed: row.failed,
    pending,
    percent: row.total === 0 ? 100 : Math.floor((row.processed / row.total) * 1000) / 10,
    itemsPerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: row.status === 'running' && rate !== null ? Math.ceil(pending / rate) : null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
