/** A handler failure worth retrying (e.g. a dependency briefly unavailable). */
export class RetriableError extends Error {
  constructor(
    message: string,
    readonly code = 'RETRIABLE',
  ) {
    super(message);
    this.name = 'RetriableError';
  }
}

/** An event the handler can never apply: it goes to the dead-letter topic at once, without retries. */
export class PoisonEventError extends Error {
  constructor(
    message: string,
    readonly code = 'POISON_EVENT',
  ) {
    super(message);
    this.name = 'PoisonEventError';
  }
}
