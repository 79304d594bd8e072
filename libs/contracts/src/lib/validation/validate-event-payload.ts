import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { findEventContract, type EventContract } from '../events/event-contracts';
import { ContractViolationError, type ContractViolation } from './contract-violation.errors';
import { flattenValidationErrors } from './flatten-validation-errors';

/** The flattened errors grouped by field, in order of first appearance. */
function violationsOf(errors: ValidationError[]): ContractViolation[] {
  const byField = new Map<string, string[]>();
  for (const { field, reason } of flattenValidationErrors(errors)) byField.set(field, [...(byField.get(field) ?? []), reason]);
  return [...byField].map(([field, reasons]) => ({ field, reasons }));
}

/**
 * Built once: `validateSync` runs for every consumed event. The errors keep neither the validated object nor the
 * value: the flattener reads only property, constraints and children.
 */
const VALIDATOR_OPTIONS: ValidatorOptions = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
});

/** Validates a payload against a contract class; unknown fields are violations too. */
export function validateAgainst<T extends object>(contract: EventContract<T>, data: unknown): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ContractViolationError(contract.type, [{ field: '(payload)', reasons: ['must be a JSON object'] }]);
  }
  const instance = plainToInstance(contract, data);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new ContractViolationError(contract.type, violationsOf(errors));
  return instance;
}

/** Validates `data` against the contract registered for `type`; returns the typed payload instance. */
export function validateEventPayload<T extends object = object>(type: string, data: unknown): T {
  const contract = findEventContract(type);
  if (!contract) throw new ContractViolationError(type, [{ field: 'type', reasons: [`unknown event type "${type}"`] }]);
  return validateAgainst(contract as EventContract<T>, data);
}
