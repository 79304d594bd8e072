import type { DataSource } from 'typeorm';
import { KafkaEventTransport } from './kafka-event.transport';

// Start-up refusals: they happen before any broker or database is touched.
describe('KafkaEventTransport start-up', () => {
  const transport = () => new KafkaEventTransport({ dataSource: {} as DataSource, brokers: ['127.0.0.1:1'], group: 'g' });
  const listen = (t: KafkaEventTransport) => new Promise<unknown>((resolve) => void t.listen((error) => resolve(error)));

  it('refuses an @EventPattern that names no event contract', async () => {
    const t = transport();
    t.addHandler('org.wcoomd.intel-exchange.report-sent.v1', async () => undefined, true);
    expect(String(await listen(t))).toMatch(/names no event contract/);
  });

  it('refuses a @MessagePattern: an event has no reply', async () => {
    const t = transport();
    t.addHandler('org.wcoomd.intel.report.submitted.v1', async () => undefined, false);
    expect(String(await listen(t))).toMatch(/use @EventPattern/);
  });

  it('starts nothing and reports success when no handler is declared', async () => {
    const t = transport();
    expect(await listen(t)).toBeUndefined();
    expect(t.unwrap<unknown[]>()).toEqual([]);
  });
});
