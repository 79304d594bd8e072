import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { NewNotification } from './notification-types';

/** PostgreSQL channels: a Member's new notifications (payload: Member codes), and new webhook deliveries. */
export const NOTIFICATION_CHANNEL = 'gateway_notifications';
export const DELIVERY_CHANNEL = 'gateway_webhook_deliveries';

export interface NotificationRow {
  id: string;
  member: string;
  seq: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  created_at: Date;
}

export interface RecordResult {
  notifications: number;
  deliveries: number;
}

/** Every SQL statement of the notifications feature. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records notifications in the caller's transaction: draws each Member's next sequence numbers (the row lock on
   * the Member's counter is held to commit, so a Member's notifications become visible in sequence order and a
   * reader that has seen `seq` n never misses a later-committed n-1), skips one whose dedupe key the Member has
   * already, queues one delivery per active endpoint of the Member whose filter takes the type, and notifies the
   * gateway instances (delivered at commit).
   */
  async record(em: EntityManager, items: readonly NewNotification[]): Promise<RecordResult> {
    if (items.length === 0) return { notifications: 0, deliveries: 0 };
    const byMember = new Map<string, NewNotification[]>();
    for (const item of items) byMember.set(item.member, [...(byMember.get(item.member) ?? []), item]);
    // Counters locked in one order by every transaction: two chunks with the same Members cannot deadlock.
    const members = [...byMember.keys()].sort();
    const counters: { member: string; last_seq: string }[] = await em.query(
      `INSERT INTO member_notification_sequence (member, last_seq)
       SELECT * FROM unnest($1::varchar[], $2::bigint[])
       ON CONFLICT (member) DO UPDATE SET last_seq = member_notification_sequence.last_seq + EXCLUDED.last_seq
       RETURNING member, last_seq`,
      [members, members.map((m) => byMember.get(m)?.length ?? 0)],
    );
    const ids: string[] = [];
    const memberCol: string[] = [];
    const seqs: string[] = [];
    const types: string[] = [];
    const subjects: string[] = [];
    const data: string[] = [];
    const keys: string[] = [];
    const traceparents: (string | null)[] = [];
    const tracestates: (string | null)[] = [];
    for (const { member, last_seq } of counters) {
      const list = byMember.get(member) ?? [];
      const first = BigInt(last_seq) - BigInt(list.length) + 1n;
      list.forEach((item, i) => {
        ids.push(randomUUID());
        memberCol.push(member);
        seqs.push(String(first + BigInt(i)));
        types.push(item.type);
        subjects.push(item.subject);
        data.push(JSON.stringify(item.data));
        keys.push(item.dedupeKey);
        traceparents.push(item.traceparent ?? null);
        tracestates.push(item.tracestate ?? null);
      });
    }
    const [result]: { notifications: string; deliveries: string; members: string[] | null }[] = await em.query(
      `WITH inserted AS (
         INSERT INTO notification (id, member, seq, type, subject, data, dedupe_key, traceparent, tracestate, created_at)
         SELECT n.id, n.member, n.seq, n.type, n.subject, n.data, n.dedupe_key, n.traceparent, n.tracestate, now()
         FROM unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::varchar[], $5::varchar[], $6::jsonb[], $7::varchar[], $8::varchar[], $9::varchar[])
           AS n (id, member, seq, type, subject, data, dedupe_key, traceparent, tracestate)
         ORDER BY n.seq
         ON CONFLICT (member, dedupe_key) DO NOTHING
         RETURNING id, member, seq, type
       ), deliveries AS (
         INSERT INTO webhook_delivery (id, webhook_id, notification_id)
         SELECT gen_random_uuid(), w.id, i.id
         FROM inserted i
         JOIN "webhook" w ON w.owner_member = i.member AND w.status = 'active'
           AND (cardinality(w.event_types) = 0 OR i.type = ANY (w.event_types))
         ORDER BY i.member, i.seq, w.id
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM inserted) AS notifications, (SELECT count(*) FROM deliveries) AS deliveries,
              (SELECT array_agg(DISTINCT member) FROM inserted) AS members`,
      [ids, memberCol, seqs, types, subjects, data, keys, traceparents, tracestates],
    );
    const notified = result.members ?? [];
    const deliveries = Number(result.deliveries);
    if (notified.length > 0) {
      await em.query(`SELECT pg_notify($1, $2)${deliveries > 0 ? ', pg_notify($3, $4)' : ''}`, [
        NOTIFICATION_CHANNEL,
        notified.join(','),
        ...(deliveries > 0 ? [DELIVERY_CHANNEL, ''] : []),
      ]);
    }
    return { notifications: Number(result.notifications), deliveries };
  }

  /** A Member's notifications after `afterSeq`, oldest first (SSE replay and live). */
  after(member: string, afterSeq: bigint, limit: number): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT id, member, seq, type, subject, data, created_at FROM notification WHERE member = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [member, String(afterSeq), limit],
    );
  }

  /** The Member's highest committed sequence number (0 before its first notification). */
  async lastSeq(member: string): Promise<bigint> {
    const rows: { last_seq: string }[] = await this.dataSource.query(
      `SELECT last_seq FROM member_notification_sequence WHERE member = $1`,
      [member],
    );
    return rows.length ? BigInt(rows[0].last_seq) : 0n;
  }

  /** A page of a Member's notifications, newest first, before `beforeSeq`; one more row than asked tells if there is a next page. */
  page(member: string, beforeSeq: number | undefined, types: readonly string[] | undefined, limit: number): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT id, member, seq, type, subject, data, created_at FROM notification
       WHERE member = $1 AND ($2::bigint IS NULL OR seq < $2) AND ($3::varchar[] IS NULL OR type = ANY ($3))
       ORDER BY seq DESC LIMIT $4`,
      [member, beforeSeq ?? null, types && types.length ? types : null, limit + 1],
    );
  }
}
