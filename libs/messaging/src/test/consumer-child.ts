/* A consumer process for the crash test: applies each event by bumping a counter and logging an effect row,
 * prints its inbox statistics, and stops gracefully on SIGTERM. Killed with SIGKILL to simulate a crash. */
import { ReportSubmittedEvent } from '@wco/contracts';
import { register } from 'prom-client';
import { ConsumerRunner, onEvent } from '../lib/consumer/consumer-runner';
import { messagingDataSource } from './messaging-test-kit';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is required`);
    return v;
  };
  const delayMs = Number(process.env['HANDLER_DELAY_MS'] ?? '0');
  const ds = await messagingDataSource(env('CHILD_DATABASE_URL'));
  const runner = new ConsumerRunner({
    dataSource: ds,
    brokers: env('CHILD_BROKERS').split(','),
    groupId: env('CHILD_GROUP'),
    topics: [env('CHILD_TOPIC')],
    sessionTimeoutMs: 6000,
    chunkSize: 100,
    // Commit offsets rarely so that a crash leaves applied-but-uncommitted events to be redelivered.
    commitIntervalMs: 5000,
    handlers: [
      onEvent(ReportSubmittedEvent, async (e, manager) => {
        await manager.query('UPDATE counter SET n = n + 1 WHERE id = 1');
        await manager.query('INSERT INTO effect (event_id) VALUES ($1)', [e.id]);
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      }),
    ],
  });
  const stats = async () => {
    const get = async (name: string) => ((await register.getSingleMetric(name)?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);
    process.stdout.write(
      `${JSON.stringify({ processed: await get('consumer_processed_total'), duplicates: await get('consumer_duplicates_total') })}\n`,
    );
  };
  const timer = setInterval(() => void stats(), 200);
  process.once('SIGTERM', () => {
    void (async () => {
      clearInterval(timer);
      await runner.stop();
      await stats();
      await ds.destroy();
      process.exit(0);
    })();
  });
  await runner.start();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
