import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface ReadOptions {
  brokers: string[];
  topic: string;
  /** Called once the end offsets are known: how many messages the run will read. */
  onTotal?: (total: number) => void;
  onMessage: (message: KafkaMessage, partition: number) => void;
  /**
   * With read_committed the last offsets of a partition can be a transaction's commit or abort marker, or aborted
   * records, which no consumer receives: once the partitions are assigned, a silence this long ends the read.
   */
  idleMs?: number;
}

/**
 * Reads the topic from its first offset to the end offsets taken at the start, with read_committed (aborted
 * transactional writes are never seen). A fresh consumer group each run and no committed offsets: the auditor's
 * run leaves no trace on the cluster and always starts from the beginning.
 */
export async function readTopic(options: ReadOptions): Promise<void> {
  const kafka = new Kafka({ clientId: 'audit-verifier', brokers: options.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  let total = 0;
  try {
    const offsets = await admin.fetchTopicOffsets(options.topic);
    ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    total = offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
  } finally {
    await admin.disconnect();
  }
  options.onTotal?.(total);
  const pending = new Set([...ends.entries()].filter(([, end]) => end > 0n).map(([p]) => p));
  if (pending.size === 0) return;
  const consumer = kafka.consumer({ groupId: `audit-verifier-${randomUUID()}`, readUncommitted: false, maxBytes: 8 * 1024 * 1024 });
  await consumer.connect();
  let failure: unknown;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    let lastActivity = Date.now();
    let assigned = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      assigned = true;
      lastActivity = Date.now();
    });
    const idleMs = options.idleMs ?? 10_000;
    const watchdog = setInterval(() => {
      if (assigned && Date.now() - lastActivity > idleMs) finish();
    }, 250);
    void finished.then(() => clearInterval(watchdog));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
        const end = ends.get(batch.partition) ?? 0n;
        lastActivity = Date.now();
        for (const m of batch.messages) {
          if (!isRunning() || failure) return;
          if (BigInt(m.offset) >= end) break;
          try {
            options.onMessage(m, batch.partition);
          } catch (e) {
            failure = e;
            finish();
            return;
          }
          resolveOffset(m.offset);
          lastActivity = Date.now();
          if (BigInt(m.offset) + 1n >= end) {
            pending.delete(batch.partition);
            if (pending.size === 0) finish();
          }
        }
        await heartbeat();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
  }
  if (failure) throw failure;
}
