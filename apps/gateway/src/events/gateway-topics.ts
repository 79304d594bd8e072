import type { TopicName } from '@wco/contracts';

/**
 * Where each event of the service goes. Production publishes to the registry's topics; a test gives each run its
 * own topic names so it can consume them on the shared broker without seeing another run's events.
 */
export class GatewayTopics {
  constructor(private readonly overrides: Partial<Record<TopicName, string>> = {}) {}

  of(topic: TopicName): string {
    return this.overrides[topic] ?? topic;
  }
}
