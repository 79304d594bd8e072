import { Kafka, logLevel } from 'kafkajs';
import { ReadinessCheck } from './readiness';

/** Ready when a broker of the cluster answers describeCluster (a fresh admin connection each time, no retries). */
export function kafkaReadinessCheck(brokers: string[], name = 'kafka'): ReadinessCheck {
  const kafka = new Kafka({
    clientId: 'readiness',
    brokers,
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
