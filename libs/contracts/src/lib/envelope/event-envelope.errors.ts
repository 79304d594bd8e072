/** A Kafka message that is not a well-formed CloudEvent of this platform; never retried, it goes to the DLQ. */
export class MalformedEventError extends Error {
  readonly code = 'MALFORMED_EVENT';

  constructor(readonly reason: string) {
    super(`malformed event: ${reason}`);
    this.name = 'MalformedEventError';
  }
}
