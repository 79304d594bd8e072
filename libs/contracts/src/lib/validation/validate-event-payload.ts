import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { findEventContract, type EventContract } from '../events/event-contracts';
import { compileAcceptPredicate, copyRecord, type AcceptPredicate } from './compiled-validator';
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

function isJsonObject(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/** The reference: class-transformer + class-validator, as the contract classes declare. Words every violation. */
export function validateWithClassValidator<T extends object>(contract: EventContract<T>, data: unknown): T {
  if (!isJsonObject(data)) {
    throw new ContractViolationError(contract.type, [{ field: '(payload)', reasons: ['must be a JSON object'] }]);
  }
  const instance = plainToInstance(contract, data);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new ContractViolationError(contract.type, violationsOf(errors));
  return instance;
}

/** Compiled on first use per contract; `null` = the contract is validated by class-validator alone. */
const compiled = new Map<EventContract, AcceptPredicate | null>();

function acceptPredicateOf(contract: EventContract): AcceptPredicate | null {
  let p = compiled.get(contract);
  if (p === undefined) {
    p = compileAcceptPredicate(contract) ?? null;
    compiled.set(contract, p);
  }
  return p;
}

/**
 * Validates a payload against a contract class; unknown fields are violations too. The predicate compiled from
 * the class's metadata accepts the common case; whatever it does not accept is decided and worded by
 * class-validator (`validateWithClassValidator`), so a rejection always carries class-validator's violations.
 */
export function validateAgainst<T extends object>(contract: EventContract<T>, data: unknown): T {
  const accept = acceptPredicateOf(contract);
  if (accept && isJsonObject(data) && accept(data)) {
    // What plainToInstance builds: a fresh instance with the payload's fields (primitives and arrays of primitives,
    // arrays copied; free-form records of @IsObject() fields deep-copied, as plainToInstance does).
    const instance = new contract() as Record<string, unknown>;
    for (const key in data) {
      const v = data[key];
      instance[key] = accept.recordFields.has(key) ? copyRecord(v) : Array.isArray(v) ? v.slice() : v;
    }
    return instance as T;
  }
  return validateWithClassValidator(contract, data);
}

/** Validates `data` against the contract registered for `type`; returns the typed payload instance. */
export function validateEventPayload<T extends object = object>(type: string, data: unknown): T {
  const contract = findEventContract(type);
  if (!contract) throw new ContractViolationError(type, [{ field: 'type', reasons: [`unknown event type "${type}"`] }]);
  return validateAgainst(contract as EventContract<T>, data);
}
