import { randomUUID } from 'node:crypto';
import { validateEventPayload, findEventContract, EVENT_TYPE_PATTERN } from '@wco/contracts';
import type { PoolClient } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import { captureTraceContext } from '../tracing/trace-context';
import { KEY_LOCK_NAMESPACE, OUTBOX_SHARDS, OUTBOX_WRITTEN } from './outbox.constants';

export interface OutboxEvent {
  /** ce_type, e.g. ReportSubmittedEvent.type; the payload is validated against its contract. */
  type: string;
  /** The aggregate id: ce_subject and the Kafka key. */
  subject: string;
  data: object;
  /** Defaults to the topic of the event's contract. */
  topic?: string;
  /** Defaults to a random UUID; give one to make a retried command write the same event. */
  id?: string;
  /** Defaults to now. */
  time?: Date;
}

/** One element of wco_outbox_append's `events` array (migration OutboxAppendFunction1796342400000). */
interface AppendRow {
  event_id: string;
  topic: string;
  key: string;
  ce_type: string;
  ce_time: string;
  /** The validated payload; its JSON.stringify text is what the row keeps and the relay sends. */
  payload: unknown;
  headers: Record<string, string>;
}

/** The immediate form (a nested transaction), a named statement prepared once per connection. */
const OUTBOX_APPEND_STATEMENT = 'wco_outbox_append_v1';
export const OUTBOX_APPEND = 'SELECT wco_outbox_append($1::json, $2, $3, $4)';

/** A PostgreSQL string literal (what pg's escapeLiteral produces): quotes doubled, backslashes too in an E'' string. */
function literal(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** The part of TypeORM's PostgresQueryRunner the deferred append relies on. */
type PostgresRunner = Omit<QueryRunner, 'query'> & {
  transactionDepth: number;
  query(query: string, parameters?: unknown[], useStructuredResult?: boolean): Promise<unknown>;
};

/**
 * Writes events into the outbox inside the caller's transaction, so the state change and its events commit
 * or roll back together.
 *
 * The rows of a transaction are sent with its `COMMIT`, in the same message (`SELECT wco_outbox_append(...); COMMIT`
 * in the simple protocol, values inlined as literals), so the outbox adds no round trip to the database: on the
 * 2-core machine each round trip is a wake-up of the database backend and a context switch, which the profiles of
 * the benchmarks showed as the largest single cost of the outbox. If the append fails, the commit does not happen
 * and the transaction fails as a whole (TypeORM then rolls it back). When a nested transaction starts, the rows
 * waiting ride on its `SAVEPOINT`; events added inside it are written at once, so rolling back to the savepoint takes
 * its own events with it and nothing else, and a key's events keep their order.
 */
export class OutboxWriter {
  /** Rows waiting for their transaction's COMMIT, per query runner. */
  private readonly pending = new WeakMap<PostgresRunner, AppendRow[]>();

  /** @param source ce_source of this service, `/<service>` */
  constructor(private readonly source: string) {
    if (!/^\/[a-z0-9-]+$/.test(source)) throw new Error(`OutboxWriter source "${source}" must look like /<service>`);
  }

  /** Adds one event; returns its id. `manager` must be the transaction's EntityManager. */
  async add(manager: EntityManager, event: OutboxEvent): Promise<string> {
    const [id] = await this.addMany(manager, [event]);
    return id;
  }

  /** Adds events in order; returns their ids. They reach the table with the transaction's COMMIT. */
  async addMany(manager: EntityManager, events: OutboxEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const runner = manager.queryRunner as unknown as PostgresRunner | undefined;
    if (!runner?.isTransactionActive) {
      throw new Error('OutboxWriter.add needs the EntityManager of an active transaction (dataSource.transaction(...))');
    }
    const rows = this.appendRows(events);
    // The relay of this process (if any) claims at this transaction's commit instead of waiting for a NOTIFY.
    (runner.data as Record<string, unknown>)[OUTBOX_WRITTEN] = true;
    if (runner.transactionDepth === 1) {
      this.defer(runner, rows);
    } else {
      const earlier = this.pending.get(runner) ?? [];
      await this.appendNow(runner, [...earlier.splice(0), ...rows]);
    }
    return rows.map((r) => r.event_id);
  }

  /** wco_outbox_append's arguments for these events (validated, ids drawn), and the event ids. For benchmarks. */
  appendArguments(events: OutboxEvent[]): { ids: string[]; values: unknown[] } {
    const rows = this.appendRows(events);
    return { ids: rows.map((r) => r.event_id), values: [JSON.stringify(rows), KEY_LOCK_NAMESPACE, OUTBOX_SHARDS - 1, this.source] };
  }

  private appendRows(events: OutboxEvent[]): AppendRow[] {
    const headers = captureTraceContext() as Record<string, string>;
    return events.map((e) => {
      if (!EVENT_TYPE_PATTERN.test(e.type)) throw new Error(`event type "${e.type}" does not follow org.wcoomd.<service>.<event>.v<major>`);
      const payload = validateEventPayload(e.type, e.data);
      const topic = e.topic ?? findEventContract(e.type)?.topic;
      if (!topic) throw new Error(`no topic for event type ${e.type}`);
      if (!e.subject) throw new Error(`event ${e.type} needs a subject (the aggregate id)`);
      return {
        event_id: e.id ?? randomUUID(),
        topic,
        key: e.subject,
        ce_type: e.type,
        ce_time: (e.time ?? new Date()).toISOString(),
        payload,
        headers,
      };
    });
  }

  /**
   * Keeps the rows for the COMMIT: the runner's next `COMMIT` (or `SAVEPOINT`, when a nested transaction starts)
   * carries them; a `ROLLBACK` drops them.
   */
  private defer(runner: PostgresRunner, rows: AppendRow[]): void {
    const waiting = this.pending.get(runner);
    if (waiting) {
      waiting.push(...rows);
      return;
    }
    this.pending.set(runner, rows);
    const own = Object.getOwnPropertyDescriptor(runner, 'query');
    const query = runner.query;
    const restore = (): void => {
      if (own) Object.defineProperty(runner, 'query', own);
      else delete (runner as Partial<PostgresRunner>).query;
    };
    runner.query = (text: string, parameters?: unknown[], structured?: boolean): Promise<unknown> => {
      const ends = text === 'COMMIT' || text === 'ROLLBACK';
      // A savepoint (a nested transaction starting) takes the rows written before it along, so rolling back to it
      // cannot drop them.
      if (parameters === undefined && (ends || text.startsWith('SAVEPOINT '))) {
        restore();
        const rowsToWrite = this.pending.get(runner) ?? [];
        this.pending.delete(runner);
        if (text !== 'ROLLBACK' && rowsToWrite.length > 0) text = `${this.appendStatement(rowsToWrite)}; ${text}`;
      }
      return query.call(runner, text, parameters, structured);
    };
  }

  /** The append as one statement with its arguments inlined (the simple protocol takes no parameters). */
  private appendStatement(rows: AppendRow[]): string {
    return `SELECT wco_outbox_append(${literal(JSON.stringify(rows))}::json, ${KEY_LOCK_NAMESPACE}, ${OUTBOX_SHARDS - 1}, ${literal(this.source)})`;
  }

  private async appendNow(runner: PostgresRunner, rows: AppendRow[]): Promise<void> {
    const client = (await (runner as unknown as { connect(): Promise<PoolClient> }).connect()) as PoolClient;
    await client.query({
      name: OUTBOX_APPEND_STATEMENT,
      text: OUTBOX_APPEND,
      values: [JSON.stringify(rows), KEY_LOCK_NAMESPACE, OUTBOX_SHARDS - 1, this.source],
    });
  }
}
