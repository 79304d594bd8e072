import { randomUUID } from 'node:crypto';
import { testInfra } from '@wco/testing';
import { createKafka } from './kafka-client';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop';

const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => Queue;
interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  checkPendingRequests(): void;
}

const silent = { info: () => undefined, debug: () => undefined, warn: () => undefined, error: () => undefined };
const queue = (): Queue =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    enforceRequestTimeout: false,
    clientId: 't',
    broker: 'b',
    logger: silent,
  });

describe('kafkajs idle loop fix', () => {
  beforeAll(() => fixKafkajsIdleLoop());

  it('schedules no check with nothing pending and no throttle, and still schedules one when a request waits or a throttle runs', () => {
    const idle = queue();
    idle.scheduleCheckPendingRequests();
    const timer = idle.throttleCheckTimeoutId;
    // Unfixed, that timer reschedules itself every millisecond forever: stop it so that a failure does not hang jest.
    if (timer) clearTimeout(timer);
    expect(timer).toBeNull();

    const waiting = queue();
    waiting.pending.push({});
    waiting.scheduleCheckPendingRequests();
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(waiting.throttleCheckTimeoutId as NodeJS.Timeout);

    const throttled = queue();
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.scheduleCheckPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(throttled.throttleCheckTimeoutId as NodeJS.Timeout);
  });

  it('leaves a connected, idle client quiet, and a producer limited to one request in flight still delivers every queued send', async () => {
    const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: `idle-${randomUUID()}` });
    const admin = kafka.admin();
    const producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const topic = `test.idle-loop.${randomUUID()}`;
    const proto = RequestQueue.prototype;
    const check = proto.checkPendingRequests;
    let checks = 0;
    proto.checkPendingRequests = function (this: Queue) {
      checks++;
      return check.call(this);
    };
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'warm' }] });
      checks = 0;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Stock kafkajs 2.2.4 runs this check about 1,000 times a second per connection here (two connections).
      expect(checks).toBeLessThan(10);

      const sends = Array.from({ length: 50 }, (_, i) => producer.send({ topic, messages: [{ value: String(i) }] }));
      const results = await Promise.all(sends);
      expect(results.every((r) => r[0]?.errorCode === 0)).toBe(true);
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets[0]?.high).toBe('51');
    } finally {
      proto.checkPendingRequests = check;
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
