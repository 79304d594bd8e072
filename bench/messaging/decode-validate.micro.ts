/* Micro-benchmark: per-message CPU cost of the consumer runner's steps, without broker or database (best of 7
 * rounds, so that a busy machine disturbs it less than the end-to-end benchmark).
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/messaging/decode-validate.micro.ts */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Kafka, type KafkaMessage } from 'cloudevents';
import {
  decodeEvent,
  encodeEvent,
  headersAsStrings,
  ReportSubmittedEvent,
  validateEventPayload,
  validateWithClassValidator,
} from '@wco/contracts';
import { reportSubmittedPayload } from './report-submitted.fixture';

const N = Number(process.env['MICRO_EVENTS'] ?? 20_000);
const ROUNDS = 7;

/** A message as kafkajs hands it over: Buffers for key, value and header values. */
function message() {
  const id = randomUUID();
  const e = encodeEvent({
    type: ReportSubmittedEvent.type,
    source: '/intel-exchange',
    subject: id,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    data: reportSubmittedPayload(id),
  });
  return {
    key: Buffer.from(e.key),
    value: Buffer.from(e.value),
    headers: Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

const messages = Array.from({ length: N }, message);
const headers = messages.map((m) => headersAsStrings(m.headers));
const values = messages.map((m) => m.value.toString('utf8'));
const payloads = values.map((v) => JSON.parse(v) as object);
const instances = payloads.map((p) => plainToInstance(ReportSubmittedEvent, p));
const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

const steps: Record<string, () => void> = {
  'headers -> strings': () => headers.forEach((_, i) => headersAsStrings(messages[i].headers)),
  'JSON.parse (value)': () => values.forEach((v) => JSON.parse(v)),
  'Kafka.toEvent (binding)': () =>
    values.forEach((v, i) => Kafka.toEvent({ headers: headers[i], key: '', value: v, body: v } as KafkaMessage<string>)),
  'decodeEvent (sdk binding)': () => messages.forEach((m) => decodeEvent(m, 'sdk')),
  'decodeEvent (fast)': () => messages.forEach((m) => decodeEvent(m)),
  plainToInstance: () => payloads.forEach((p) => plainToInstance(ReportSubmittedEvent, p)),
  validateSync: () => instances.forEach((x) => validateSync(x, options)),
  'class-validator (reference)': () => payloads.forEach((p) => validateWithClassValidator(ReportSubmittedEvent, p)),
  'validateEventPayload (fast)': () => payloads.forEach((p) => validateEventPayload(ReportSubmittedEvent.type, p)),
  'decode + validate (reference)': () =>
    messages.forEach((m) => validateWithClassValidator(ReportSubmittedEvent, decodeEvent(m, 'sdk').data)),
  'decode + validate (fast)': () => messages.forEach((m) => validateEventPayload(ReportSubmittedEvent.type, decodeEvent(m).data)),
};

const best: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(steps)) {
    const t0 = performance.now();
    run();
    best[name] = Math.min(best[name] ?? Infinity, ((performance.now() - t0) * 1000) / N);
  }
}
console.log(`per message, best of ${ROUNDS} rounds of ${N}:`);
for (const [name, us] of Object.entries(best)) console.log(`  ${name.padEnd(28)} ${us.toFixed(2)} µs`);
