import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { ReadinessCheck } from './readiness';

/**
 * Ready when a broker of the cluster answers describeCluster (a fresh admin connection each time, no retries).
 * `connection`: the service's SASL/TLS options (@wco/messaging's kafkaConnectionOptions).
 */
export function kafkaReadinessCheck(brokers: string[], name = 'kafka', connection: Pick<KafkaConfig, 'sasl' | 'ssl'> = {}): ReadinessCheck {
  const kafka = new Kafka({
    clientId: 'readiness',
    brokers,
    ...connection,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  return {
    name,
    async check() {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.describeCluster();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
  };
}
