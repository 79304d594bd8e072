export interface ContractViolation {
  /** Dotted path of the offending field, e.g. `indicatorKinds.0`; `type` for an unknown event type. */
  field: string;
  reasons: string[];
}

/** A payload that does not satisfy its event contract; never retried, it goes to the DLQ. */
export class ContractViolationError extends Error {
  readonly code = 'CONTRACT_VIOLATION';

  constructor(
    readonly eventType: string,
    readonly violations: ContractViolation[],
  ) {
    super(`event ${eventType} violates its contract: ` + violations.map((v) => `${v.field}: ${v.reasons.join('; ')}`).join(' | '));
    this.name = 'ContractViolationError';
  }
}
