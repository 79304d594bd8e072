import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs log level; defaults to WARN. */
  logLevel?: logLevel;
}

/** Messages kafkajs logs that say nothing useful in this design. */
const IGNORED = [
  // We limit the idempotent producer's retries on purpose: a failed send rolls back the outbox claim, the relay
  // recreates the producer and the consumers dedupe by event id, so EoS is not what we rely on.
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
];

/** A kafkajs client whose logs go through the Nest logger (structured by whatever logger the app installs). */
export function createKafka(options: KafkaClientOptions): Kafka {
  const logger = new Logger(`kafkajs:${options.clientId}`);
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    // Fail fast and let the relay/consumer loops back off: kafkajs' default (up to ~30 s per attempt) would hide
    // an outage inside one call.
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
    logLevel: options.logLevel ?? logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      if (IGNORED.includes(message)) return;
      const text = `${message} ${JSON.stringify(extra)}`;
      if (entry.level <= logLevel.ERROR) logger.error(text);
      else if (entry.level === logLevel.WARN) logger.warn(text);
      else logger.debug(text);
    },
  });
}
