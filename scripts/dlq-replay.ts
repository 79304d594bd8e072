/* Replays dead letters back to their original topic.
 * Usage: npm run dlq:replay -- --topic intel.report.v1.dlq [--event-id <ce_id>]... [--dry-run]
 * Brokers from KAFKA_BROKERS (default 127.0.0.1:9092); the operator's Kafka principal from KAFKA_SASL_* / KAFKA_SSL_*. */
import { parseArgs } from 'node:util';
import { KafkaConnectionConfig, loadConfig } from '@wco/config';
import { replayDeadLetters } from '@wco/messaging';

const USAGE = 'usage: dlq-replay --topic <topic>.dlq [--event-id <ce_id>]... [--dry-run]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      topic: { type: 'string' },
      'event-id': { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.topic) throw new Error(`--topic is required\n${USAGE}`);
  if (!values.topic.endsWith('.dlq')) throw new Error(`--topic must name a dead-letter topic (<topic>.dlq), got "${values.topic}"`);
  const kafka = loadConfig(KafkaConnectionConfig, process.env);
  const brokers = kafka.KAFKA_BROKERS;
  const report = await replayDeadLetters({
    brokers,
    security: kafka.kafkaSecurity,
    dlqTopic: values.topic,
    eventIds: values['event-id'],
    dryRun: values['dry-run'],
  });
  const verb = report.dryRun ? 'would replay' : 'replayed';
  console.log(`${verb} ${report.replayed.length} dead letter(s) from ${report.dlqTopic} (${report.skipped} not selected)`);
  for (const r of report.replayed) {
    console.log(
      `  ${r.eventId ?? '(no ce_id)'}  ${r.type ?? '(no ce_type)'}  -> ${r.targetTopic}  ` +
        `[${r.errorCode}] ${r.reason} (from ${r.originalTopic ?? '?'}/${r.originalPartition ?? '?'}@${r.originalOffset ?? '?'}, ` +
        `group ${r.consumerGroup ?? '?'}, failed ${r.failedAt ?? '?'})`,
    );
  }
}

main().catch((err: Error) => {
  console.error(`dlq-replay failed: ${err.message}`);
  process.exit(1);
});
