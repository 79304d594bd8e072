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
  // Large fetches (a partition's whole 16 MB per request rather than kafkajs's 1 MB default): the log is one partition.
  const consumer = kafka.consumer({
    groupId: `audit-verifier-${randomUUID()}`,
    readUncommitted: false,
    maxBytes: 32 * 1024 * 1024,
    maxBytesPerPartition: 16 * 1024 * 1024,
  });
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
        let last: string | undefined;
        for (const m of batch.messages) {
          if (!isRunning() || failure) return;
          const offset = BigInt(m.offset);
          if (offset >= end) break;
          try {
            options.onMessage(m, batch.partition);
          } catch (e) {
            failure = e;
            finish();
            return;
          }
          last = m.offset;
          if (offset + 1n >= end) {
            pending.delete(batch.partition);
            if (pending.size === 0) finish();
          }
        }
        // Once per batch, not per message.
        if (last !== undefined) resolveOffset(last);
        lastActivity = Date.now();
        await heartbeat();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
  }
  if (failure) throw failure;
}
