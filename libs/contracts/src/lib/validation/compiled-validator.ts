import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { EventContract } from '../events/event-contracts';

/**
 * A predicate compiled once from a contract class's class-validator metadata. `true` means class-validator
 * (`plainToInstance` + `validateSync` with the options of `validateAgainst`) accepts the payload; `false` means
 * "not sure": the caller runs class-validator itself, which decides and words the violations. So the classes stay
 * the single source of truth, and only the accept decision has to be (and is tested to be) exact.
 *
 * Why it is faster: `validateSync` looks up and groups the metadata, builds a ValidationError per property and
 * runs `plainToInstance` on every call; here that is done once, and each call only runs the constraints'
 * own `validate` functions (the same functions class-validator calls) over the payload's fields.
 */
export type AcceptPredicate = ((data: Record<string, unknown>) => boolean) & {
  /** The fields declared `@IsObject()` alone, whose free-form JSON records the predicate vouches for. */
  readonly recordFields: ReadonlySet<string>;
};

interface Check {
  /** The constraint's name (isString, isObject, ...). */
  name: string;
  validate: (value: unknown, args: ValidationArguments) => boolean;
  each: boolean;
  args: ValidationArguments;
}

interface PropertyPlan {
  name: string;
  /** IsOptional / ValidateIf: all must hold for the property's checks to run. */
  conditions: ((object: object, value: unknown) => boolean)[];
  checks: Check[];
}

const CUSTOM = 'customValidation';
const CONDITIONAL = 'conditionalValidation';

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Payload values the compiled path vouches for: JSON primitives and arrays of them. For these,
 * `plainToInstance` (without type metadata or implicit conversion) copies the value unchanged, so the constraints
 * see exactly what class-validator sees. Anything else (nested objects) goes to class-validator.
 */
function isPlainValue(value: unknown): boolean {
  if (isPrimitive(value)) return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!isPrimitive(value[i])) return false;
  return true;
}

/**
 * A free-form JSON record (a field declared `@IsObject()`, such as the audit entry's payload), which the compiled
 * path also vouches for when `plainToInstance` would copy it unchanged: plain objects (Object.prototype) and arrays
 * of JSON primitives and such records, and no key that names a member of Object.prototype (class-transformer skips
 * or reinterprets those: `constructor`, `toString`, `__proto__`, ...). `copyRecord` then builds what it builds.
 */
function isJsonRecord(value: unknown, depth = 0): boolean {
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isJsonMember(value[i], depth)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const o = value as Record<string, unknown>;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k) || k in Object.prototype) return false;
    if (!isJsonMember(o[k], depth)) return false;
  }
  return !Object.prototype.hasOwnProperty.call(o, '__proto__');
}

function isJsonMember(v: unknown, depth: number): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      return isJsonRecord(v, depth + 1);
    default:
      return false;
  }
}

/** The deep copy plainToInstance makes of a value `isJsonRecord` accepted. */
export function copyRecord(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyRecord);
  const out: Record<string, unknown> = {};
  for (const k in value as Record<string, unknown>) out[k] = copyRecord((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * `isEnum` evaluates `Object.keys(entity).map(k => entity[k]).includes(value)` on every call; the same values in a
 * Set (SameValueZero, like `includes`) avoid that array per call.
 */
function specialised(name: string, metadata: ValidationMetadata): Check['validate'] | undefined {
  if (name === 'isEnum' && metadata.constraints?.[0] && typeof metadata.constraints[0] === 'object') {
    const entity = metadata.constraints[0] as Record<string, unknown>;
    const values = new Set(Object.keys(entity).map((k) => entity[k]));
    return (value) => values.has(value);
  }
  return undefined;
}

/**
 * Compiles `contract`'s metadata, or returns undefined when the class uses something the compiled path does not
 * model (groups, nested or promise validation, async constraints, fields without a decorator): such a contract is
 * always validated by class-validator alone.
 */
export function compileAcceptPredicate(contract: EventContract): AcceptPredicate | undefined {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(contract, '', false, false, undefined);
  if (metadatas.length === 0) return undefined;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadatas) {
    if (m.groups && m.groups.length > 0) return undefined;
    const list = byProperty.get(m.propertyName) ?? [];
    list.push(m);
    byProperty.set(m.propertyName, list);
  }
  // class-validator's whitelist runs over the instance's own keys: a declared field without metadata always fails.
  for (const key of Object.keys(new contract())) if (!byProperty.has(key)) return undefined;

  const plans: PropertyPlan[] = [];
  for (const [name, list] of byProperty) {
    const plan: PropertyPlan = { name, conditions: [], checks: [] };
    for (const m of list) {
      if (m.type === CONDITIONAL) {
        plan.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
      } else if (m.type === CUSTOM) {
        const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
        for (const c of constraints) {
          if (c.async) return undefined;
          const instance = c.instance as { validate: Check['validate'] };
          plan.checks.push({
            name: c.name,
            validate: specialised(c.name, m) ?? ((value, args) => instance.validate(value, args)),
            each: Boolean(m.each),
            args: { targetName: contract.name, property: name, object: {}, value: undefined, constraints: m.constraints },
          });
        }
      } else if (m.type !== 'whitelistValidation') {
        // isDefined, nested, promise validation: not modelled.
        return undefined;
      }
    }
    plans.push(plan);
  }
  const known = new Set(plans.map((p) => p.name));
  const records = new Set(
    plans
      .filter((p) => p.conditions.length === 0 && p.checks.length > 0 && p.checks.every((c) => !c.each && c.name === 'isObject'))
      .map((p) => p.name),
  );
  const hasOwn = Object.prototype.hasOwnProperty;

  const predicate = (data: Record<string, unknown>): boolean => {
    for (const key in data) {
      if (!hasOwn.call(data, key)) continue;
      if (!known.has(key)) return false;
      const v = data[key];
      if (!isPlainValue(v) && !(records.has(key) && isJsonRecord(v))) return false;
    }
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i];
      const value = hasOwn.call(data, plan.name) ? data[plan.name] : undefined;
      let run = true;
      for (let k = 0; k < plan.conditions.length; k++) if (!plan.conditions[k](data, value)) run = false;
      if (!run) continue;
      for (let k = 0; k < plan.checks.length; k++) {
        const check = plan.checks[k];
        // The constraints validate synchronously and keep no reference to their arguments, so one object per
        // constraint is reused instead of a new one per call.
        check.args.object = data;
        check.args.value = value;
        if (check.each && Array.isArray(value)) {
          for (let e = 0; e < value.length; e++) if (!check.validate(value[e], check.args)) return false;
        } else if (!check.validate(value, check.args)) {
          return false;
        }
      }
    }
    return true;
  };
  return Object.assign(predicate, { recordFields: records as ReadonlySet<string> });
}
