import { createHash } from 'node:crypto';
import { canonicalJson } from '@wco/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKeyReusedError, IdempotencyRequestInProgressError, InvalidIdempotencyKeyError } from './idempotency.errors';

export type IdempotencyBegin = { state: 'new' } | { state: 'replay'; status: number; body: unknown };

export interface IdempotentResponse<T> {
  status: number;
  body: T;
  /** True when the stored response of an earlier request with the same key was returned. */
  replayed: boolean;
}

export interface IdempotencyStoreOptions {
  /** A key left "in progress" longer than this (its request crashed) may be taken over by a retry. Default 60 s. */
  staleAfterMs?: number;
}

/** Hash of the request's canonical JSON, so that `{a,b}` and `{b,a}` hash the same. */
export function hashRequest(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/**
 * Makes creating endpoints safe to retry (`Idempotency-Key` header). `begin` reserves the key; the response is
 * stored by `complete` in the caller's transaction, so the business write and the stored answer commit together.
 * - retry, same key and same body  -> the stored response is replayed;
 * - same key, different body       -> IdempotencyKeyReusedError (422);
 * - same key while the first runs  -> IdempotencyRequestInProgressError (409).
 */
export class IdempotencyStore {
  private readonly staleAfterMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: IdempotencyStoreOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
  }

  async begin(scope: string, key: string, request: unknown): Promise<IdempotencyBegin> {
    validateKey(key);
    const hash = hashRequest(request);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (inserted.length === 1) return { state: 'new' };

    const rows: { request_hash: string; response_status: number | null; response_body: unknown; stale: boolean }[] =
      await this.dataSource.query(
        `SELECT request_hash, response_status, response_body,
                created_at < now() - make_interval(secs => $3::double precision / 1000) AS stale
           FROM idempotency_key WHERE scope = $1 AND key = $2`,
        [scope, key, this.staleAfterMs],
      );
    const row = rows[0];
    // The holder abandoned the key between our INSERT and SELECT: try once more.
    if (!row) return this.begin(scope, key, request);
    if (row.request_hash !== hash) throw new IdempotencyKeyReusedError(key);
    if (row.response_status !== null) return { state: 'replay', status: row.response_status, body: row.response_body };
    if (row.stale) {
      const taken: unknown[] = await this.dataSource.query(
        `UPDATE idempotency_key SET created_at = now()
          WHERE scope = $1 AND key = $2 AND response_status IS NULL
            AND created_at < now() - make_interval(secs => $3::double precision / 1000)
        RETURNING key`,
        [scope, key, this.staleAfterMs],
      );
      // UPDATE ... RETURNING through TypeORM yields [rows, count].
      const takenRows = Array.isArray(taken[0]) ? (taken[0] as unknown[]) : taken;
      if (takenRows.length === 1) return { state: 'new' };
    }
    throw new IdempotencyRequestInProgressError(key);
  }

  /**
   * Stores the response; pass the transaction's manager so it commits with the business change. The row lives in the
   * public schema: store a reference to what was created, never personal data.
   */
  async complete(scope: string, key: string, status: number, body: unknown, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      'UPDATE idempotency_key SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2',
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** Releases a key whose request failed, so the client may retry it. */
  async abandon(scope: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND response_status IS NULL', [scope, key]);
  }

  /**
   * begin + the work in one transaction + complete, or the stored response on a retry. A failing `work` rolls back
   * and releases the key.
   */
  async execute<T>(
    scope: string,
    key: string,
    request: unknown,
    work: (manager: EntityManager) => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentResponse<T>> {
    const begun = await this.begin(scope, key, request);
    if (begun.state === 'replay') return { status: begun.status, body: begun.body as T, replayed: true };
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        const r = await work(manager);
        await this.complete(scope, key, r.status, r.body, manager);
        return r;
      });
      return { ...result, replayed: false };
    } catch (error) {
      await this.abandon(scope, key);
      throw error;
    }
  }
}

function validateKey(key: string): void {
  if (key.length === 0) throw new InvalidIdempotencyKeyError('must not be empty');
  if (key.length > 255) throw new InvalidIdempotencyKeyError('must be at most 255 characters');
  if (!/^[\x21-\x7e]+$/.test(key)) throw new InvalidIdempotencyKeyError('must be printable ASCII without spaces');
}
