/** A consumer group this process runs, and the topics it subscribed to. */
export interface RunningConsumer {
  groupId: string;
  topics: readonly string[];
}

const running = new Set<RunningConsumer>();

/**
 * The consumer groups started in this process (ConsumerRunner, whoever built it: MessagingModule, the
 * @EventPattern transport or a service's own consumer class), so that the metrics sampler finds every group
 * whose lag and DLQ it reports without each service listing them again.
 */
export const runningConsumers = {
  add(consumer: RunningConsumer): void {
    running.add(consumer);
  },
  delete(consumer: RunningConsumer): void {
    running.delete(consumer);
  },
  list(): RunningConsumer[] {
    return [...running];
  },
};
