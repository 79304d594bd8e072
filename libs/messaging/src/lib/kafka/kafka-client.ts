import { Logger } from '@nestjs/common';
import type { KafkaSecurityConfig } from '@wco/config';
import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs log level; defaults to WARN. */
  logLevel?: logLevel;
  /** The service's principal and TLS settings (config.kafkaSecurity); none = plaintext, unauthenticated. */
  security?: KafkaSecurityConfig;
}

/**
 * kafkajs' `sasl` and `ssl` options for a service's Kafka principal: SASL/SCRAM-SHA-512 with its user and password,
 * and/or TLS with the cluster's CA and, for mTLS, the client certificate and key (PEM files, read once here).
 * Certificates are always verified.
 */
export function kafkaConnectionOptions(security: KafkaSecurityConfig = {}): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  const { sasl, tls } = security;
  const ssl: KafkaConfig['ssl'] = tls
    ? {
        rejectUnauthorized: true,
        ...(tls.caFile ? { ca: [readFileSync(tls.caFile, 'utf8')] } : {}),
        ...(tls.certFile && tls.keyFile ? { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') } : {}),
      }
    : undefined;
  return {
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } } : {}),
  };
}

/** Messages kafkajs logs that say nothing useful in this design. */
const IGNORED = [
  // We limit the idempotent producer's retries on purpose: a failed send rolls back the outbox claim, the relay
  // recreates the producer and the consumers dedupe by event id, so EoS is not what we rely on.
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
];

/** A kafkajs client whose logs go through the Nest logger (structured by whatever logger the app installs). */
export function createKafka(options: KafkaClientOptions): Kafka {
  fixKafkajsIdleLoop();
  const logger = new Logger(`kafkajs:${options.clientId}`);
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkaConnectionOptions(options.security),
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
