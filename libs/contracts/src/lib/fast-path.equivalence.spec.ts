/**
 * The consumer's fast path (decode without the `cloudevents` binding for the usual headers, a validator compiled
 * from the contract classes' metadata) must decide exactly as the reference does: the binding + class-validator.
 * Payloads are generated from each registered contract's own class-validator metadata, so a new contract is
 * covered without touching this file, and a decorator with no generator here fails the test instead of being
 * skipped.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { decodeEvent, encodeEvent, type EventEnvelope } from './envelope/event-envelope';
import { MalformedEventError } from './envelope/event-envelope.errors';
import { EVENT_CONTRACTS, findEventContract, type EventContract } from './events/event-contracts';
import { compileAcceptPredicate } from './validation/compiled-validator';
import { ContractViolationError } from './validation/contract-violation.errors';
import { validateAgainst, validateEventPayload, validateWithClassValidator } from './validation/validate-event-payload';

// 500 runs per property keep the file near 20 s on the reference machine; EQUIVALENCE_RUNS=5000 for a deeper search.
const RUNS = Number(process.env['EQUIVALENCE_RUNS'] ?? 500);

type Json = unknown;
type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

function outcome<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

// ---- payload generators derived from class-validator metadata -------------------------------------------------

interface PropertyShape {
  name: string;
  optional: boolean;
  /** Holds a free-form object, which only class-validator decides. */
  object: boolean;
  valid: fc.Arbitrary<Json>;
  /** Values near the valid ones that the constraints are likely to refuse (or, sometimes, accept). */
  tricky: fc.Arbitrary<Json>;
}

function constraintsOf(contract: EventContract, property: string): { name: string; m: ValidationMetadata }[] {
  const storage = getMetadataStorage();
  return storage
    .getTargetValidationMetadatas(contract, '', false, false, undefined)
    .filter((m) => m.propertyName === property)
    .flatMap((m) =>
      m.type === 'conditionalValidation'
        ? [{ name: 'isOptional', m }]
        : storage.getTargetValidatorConstraints(m.constraintCls).map((c) => ({ name: c.name, m })),
    );
}

function enumValues(entity: Record<string, unknown>): string[] {
  return Object.keys(entity).map((k) => entity[k] as string);
}

const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const trickyStrings = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', 'FR ', 'fr', 'F', 'FRAN', '2026-02-30T10:00:00Z', '2026-03-01', '2026-03-01T10:00:00+02:00'),
  fc.constantFrom('2026-03-01T25:00:00Z', '2026-13-01T00:00:00Z', '00000000-0000-0000-0000-000000000000'),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => u.slice(1)),
  isoDate.map((d) => d.replace('T', ' ')),
  isoDate.map((d) => d.slice(0, 19)),
);
const trickyNumbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 2, 1.5, 2 ** 53, -0));
const anyJson = fc.jsonValue({ maxDepth: 2 });

function shapeOf(contract: EventContract, property: string): PropertyShape {
  const cs = constraintsOf(contract, property);
  const names = new Set(cs.map((c) => c.name));
  const find = (name: string) => cs.find((c) => c.name === name)?.m;
  const element = (): fc.Arbitrary<string> => {
    const each = cs.filter((c) => c.m.each);
    const eachNames = new Set(each.map((c) => c.name));
    if (eachNames.has('isString') && [...eachNames].every((n) => ['isString', 'minLength', 'maxLength'].includes(n))) {
      const minLength = (each.find((c) => c.name === 'minLength')?.m.constraints[0] as number | undefined) ?? 0;
      const maxLength = (each.find((c) => c.name === 'maxLength')?.m.constraints[0] as number | undefined) ?? 50;
      return fc.string({ minLength, maxLength: Math.min(maxLength, 50) });
    }
    if (each.length !== 1) throw new Error(`${contract.name}.${property}: no generator for its array elements`);
    const { name, m } = each[0];
    if (name === 'isEnum') return fc.constantFrom(...enumValues(m.constraints[0] as Record<string, unknown>));
    if (name === 'matches') return fc.stringMatching(m.constraints[0] as RegExp);
    throw new Error(`${contract.name}.${property}: no generator for elements checked by ${name}`);
  };
  let valid: fc.Arbitrary<Json>;
  let tricky: fc.Arbitrary<Json> = fc.oneof(trickyStrings, trickyNumbers, anyJson, fc.constant(null));
  if (names.has('isArray')) {
    const minLength = (find('arrayMinSize')?.constraints[0] as number | undefined) ?? 0;
    const maxLength = (find('arrayMaxSize')?.constraints[0] as number | undefined) ?? 6;
    const el = element();
    valid = names.has('arrayUnique')
      ? fc.uniqueArray(el, { minLength, maxLength: Math.min(maxLength, 6) })
      : fc.array(el, { minLength, maxLength: Math.min(maxLength, 6) });
    tricky = fc.oneof(
      tricky,
      fc.array(el, { maxLength: maxLength + 2 }),
      el.map((e) => [e, e]),
      el,
      fc.array(fc.oneof(trickyStrings, anyJson), { maxLength: 3 }),
    );
  } else if (names.has('isUuid')) {
    valid = fc.uuid({ version: 4 });
  } else if (names.has('matches')) {
    const minLength = (find('minLength')?.constraints[0] as number | undefined) ?? 0;
    const maxLength = (find('maxLength')?.constraints[0] as number | undefined) ?? Infinity;
    valid = fc.stringMatching(find('matches')!.constraints[0] as RegExp).filter((v) => v.length >= minLength && v.length <= maxLength);
  } else if (names.has('isEnum')) {
    const values = enumValues(find('isEnum')!.constraints[0] as Record<string, unknown>);
    valid = fc.constantFrom(...values);
    tricky = fc.oneof(
      tricky,
      fc.constantFrom(...values).map((v) => v.toUpperCase()),
      fc.constantFrom(...Object.keys(find('isEnum')!.constraints[0] as object)),
    );
  } else if (names.has('isInt')) {
    const min = (find('min')?.constraints[0] as number | undefined) ?? -1000;
    const max = (find('max')?.constraints[0] as number | undefined) ?? min + 100_000;
    valid = fc.integer({ min, max });
    tricky = fc.oneof(tricky, fc.constantFrom(min - 1, min, min + 0.5, String(min), max, max + 1));
  } else if (names.has('isIso8601')) {
    valid = isoDate;
  } else if (names.has('isIn')) {
    const values = find('isIn')!.constraints[0] as Json[];
    valid = fc.constantFrom(...values);
    tricky = fc.oneof(tricky, fc.constantFrom(...values.map((v) => (typeof v === 'string' ? v.toUpperCase() : String(v)))));
  } else if (names.has('isBoolean')) {
    valid = fc.boolean();
    tricky = fc.oneof(tricky, fc.constantFrom('true', 'false', 0, 1, 'yes'));
  } else if (names.has('isObject')) {
    valid = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }) as fc.Arbitrary<Json>;
    tricky = fc.oneof(tricky, fc.array(anyJson, { maxLength: 3 }), fc.constantFrom('{}', '[]', 0, true));
  } else if (names.has('isString')) {
    const minLength = (find('minLength')?.constraints[0] as number | undefined) ?? 0;
    const maxLength = (find('maxLength')?.constraints[0] as number | undefined) ?? 50;
    valid = fc.string({ minLength, maxLength: Math.min(maxLength, 50) });
    tricky = fc.oneof(tricky, fc.string({ minLength: maxLength, maxLength: maxLength + 2 }));
  } else {
    throw new Error(`${contract.name}.${property}: no generator for constraints ${[...names].join(', ')}`);
  }
  return { name: property, optional: names.has('isOptional'), object: names.has('isObject'), valid, tricky };
}

function shapesOf(contract: EventContract): PropertyShape[] {
  const properties = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(contract, '', false, false, undefined)
        .map((m) => m.propertyName),
    ),
  ];
  return properties.map((p) => shapeOf(contract, p));
}

function validPayload(shapes: PropertyShape[]): fc.Arbitrary<Record<string, Json>> {
  const model: Record<string, fc.Arbitrary<Json>> = {};
  for (const s of shapes) model[s.name] = s.valid;
  return fc.record(model, { requiredKeys: shapes.filter((s) => !s.optional).map((s) => s.name) });
}

/** Adds an own enumerable property, also for names such as `__proto__` that plain assignment would not add. */
function withOwn(o: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  const copy = { ...o };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const unknownKeys = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'narrative', 'type'),
);

function malformedPayload(shapes: PropertyShape[]): fc.Arbitrary<Json> {
  const valid = validPayload(shapes);
  const names = shapes.map((s) => s.name);
  return fc.oneof(
    // one field missing
    fc.tuple(valid, fc.constantFrom(...names)).map(([p, k]) => {
      const copy = { ...p };
      delete copy[k];
      return copy;
    }),
    // one field with a wrong or borderline value
    fc
      .tuple(valid, fc.integer({ min: 0, max: shapes.length - 1 }))
      .chain(([p, i]) => shapes[i].tricky.map((v) => ({ ...p, [shapes[i].name]: v }))),
    // two fields with wrong or borderline values
    fc
      .tuple(valid, fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 0, max: shapes.length - 1 }))
      .chain(([p, i, j]) =>
        fc.tuple(shapes[i].tricky, shapes[j].tricky).map(([a, b]) => ({ ...p, [shapes[i].name]: a, [shapes[j].name]: b })),
      ),
    // a field outside the contract
    fc.tuple(valid, unknownKeys, anyJson).map(([p, k, v]) => withOwn(p, k, v)),
    // a field of the contract that holds another field's valid value
    fc
      .tuple(valid, fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 0, max: shapes.length - 1 }))
      .chain(([p, i, j]) => shapes[j].valid.map((v) => ({ ...p, [shapes[i].name]: v }))),
    // not an object of the contract at all
    anyJson,
  );
}

/** What the consumer sees: the payload after a trip through JSON text. */
function overTheWire(x: Json): Json {
  const text = JSON.stringify(x);
  return text === undefined ? undefined : JSON.parse(text);
}

function namesPrototypeMember(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(namesPrototypeMember);
  return Object.keys(v).some((k) => k in Object.prototype || namesPrototypeMember((v as Record<string, unknown>)[k]));
}

function expectSameDecision<T>(fast: Outcome<T>, reference: Outcome<T>, input: unknown): void {
  if (fast.ok !== reference.ok) {
    throw new Error(
      `fast path ${fast.ok ? 'accepted' : 'refused'} and reference ${reference.ok ? 'accepted' : 'refused'} ${JSON.stringify(input)}: ` +
        `${!fast.ok ? fast.error.message : !reference.ok ? reference.error.message : ''}`,
    );
  }
  if (fast.ok && reference.ok) {
    expect(fast.value).toEqual(reference.value);
    expect(Object.getPrototypeOf(fast.value)).toBe(Object.getPrototypeOf(reference.value));
  } else if (!fast.ok && !reference.ok) {
    expect(fast.error.constructor).toBe(reference.error.constructor);
  }
}

describe('compiled payload validator = class-validator', () => {
  it('covers every registered event type', () => {
    for (const contract of EVENT_CONTRACTS) expect(compileAcceptPredicate(contract)).toBeDefined();
  });

  describe.each(EVENT_CONTRACTS.map((c) => [c.name, c] as const))('%s', (_name, contract) => {
    const shapes = shapesOf(contract);
    const accept = compileAcceptPredicate(contract)!;

    it('accepts every valid payload on the fast path, as class-validator does', () => {
      fc.assert(
        fc.property(validPayload(shapes).map(overTheWire), (payload) => {
          expect(outcome(() => validateWithClassValidator(contract, payload)).ok).toBe(true);
          // A field holding a free-form record (such as the audit entry's payload) is vouched for too, unless a key in
          // it names a member of Object.prototype (class-transformer treats those specially: class-validator decides).
          if (!shapes.some((sh) => sh.object) || !namesPrototypeMember(payload))
            expect(accept(payload as Record<string, unknown>)).toBe(true);
          expectSameDecision(
            outcome(() => validateAgainst(contract, payload)),
            outcome(() => validateWithClassValidator(contract, payload)),
            payload,
          );
        }),
        { numRuns: RUNS },
      );
    });

    it('decides malformed payloads as class-validator does (and the fast path never accepts what it refuses)', () => {
      let refused = 0;
      fc.assert(
        fc.property(malformedPayload(shapes).map(overTheWire), (payload) => {
          const reference = outcome(() => validateWithClassValidator(contract, payload));
          if (!reference.ok) {
            refused++;
            expect(reference.error).toBeInstanceOf(ContractViolationError);
          }
          if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && accept(payload as Record<string, unknown>)) {
            expect(reference.ok).toBe(true);
          }
          expectSameDecision(
            outcome(() => validateAgainst(contract, payload)),
            reference,
            payload,
          );
        }),
        { numRuns: RUNS * 2 },
      );
      // The generator must mostly produce payloads that class-validator refuses, or the test proves little.
      expect(refused).toBeGreaterThan(RUNS);
    });
  });

  it('leaves to class-validator what the compiled path cannot vouch for, and class-validator decides', () => {
    const contract = findEventContract('org.wcoomd.intel.report.purged.v1')!;
    const base = {
      reportId: '3f2b8c1e-5d4a-4f6b-9c7d-1e2f3a4b5c6d',
      originatorMember: 'FR',
      action: 'purged',
      purgedAt: '2026-03-01T10:00:00Z',
    };
    // class-transformer skips keys that name a function of the instance, so class-validator never sees them.
    const withConstructor = JSON.parse(JSON.stringify(base).replace('{', '{"constructor":1,'));
    expect(compileAcceptPredicate(contract)!(withConstructor)).toBe(false);
    expectSameDecision(
      outcome(() => validateAgainst(contract, withConstructor)),
      outcome(() => validateWithClassValidator(contract, withConstructor)),
      withConstructor,
    );
  });
});

// ---- envelopes ------------------------------------------------------------------------------------------------

type Consumed = {
  key: Buffer | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
};

const contractArb = fc.constantFrom(...EVENT_CONTRACTS);
const validMessage: fc.Arbitrary<Consumed> = contractArb.chain((contract) =>
  fc
    .record({
      data: validPayload(shapesOf(contract)),
      id: fc.uuid(),
      subject: fc.uuid(),
      time: isoDate,
      traceparent: fc.option(fc.constant('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'), { nil: undefined }),
    })
    .map(({ data, id, subject, time, traceparent }) => {
      const e = encodeEvent({ type: contract.type, source: '/intel-exchange', id, subject, time, data, traceparent });
      return {
        key: Buffer.from(e.key),
        value: Buffer.from(e.value),
        headers: Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k, Buffer.from(v)])),
      };
    }),
);

const headerNames = fc.constantFrom(
  'ce_id',
  'ce_type',
  'ce_source',
  'ce_specversion',
  'ce_time',
  'ce_subject',
  'content-type',
  'traceparent',
  'tracestate',
  'ce_foo',
  'ce_partitionkey',
  'ce_datacontenttype',
  'ce_dataschema',
  'ce_schemaurl',
  'ce_data',
  'ce_',
  'CE_ID',
  'Content-Type',
  'Ce_Time',
  'x-other',
);
const headerValues = fc.oneof(
  fc.string(),
  fc.constantFrom('', '1.0', '0.3', 'application/json', 'application/json; charset=utf-8', 'application/cloudevents+json'),
  fc.constantFrom('application/cloudevents-batch+json', 'text/plain', 'org.wcoomd.intel.report.submitted.v1', 'org.wcoomd.x.v0'),
  fc.constantFrom(
    '2026-02-30T10:00:00Z',
    '2026-03-01',
    '2026-03-01T10:00:00+02:00',
    '1',
    'now',
    '2026-03-01T10:00:00.123456Z',
    '+275760-09-13T00:00:00.001Z',
  ),
  isoDate,
  fc.uuid(),
);
const asHeaderValue = (v: string) =>
  fc
    .constantFrom<(s: string) => Buffer | string | (Buffer | string)[] | undefined>(
      (s) => Buffer.from(s),
      (s) => s,
      (s) => [Buffer.from(s), Buffer.from('second')],
      () => undefined,
    )
    .map((f) => f(v));

const malformedMessage: fc.Arbitrary<Consumed> = fc.oneof(
  // a header removed
  fc.tuple(validMessage, headerNames).map(([m, h]) => {
    const headers = { ...m.headers };
    delete headers[h];
    return { ...m, headers };
  }),
  // a header set (replaced or added), in one of the forms kafkajs can hand over
  fc
    .tuple(validMessage, headerNames, headerValues)
    .chain(([m, h, v]) => asHeaderValue(v).map((hv) => ({ ...m, headers: { ...m.headers, [h]: hv } }))),
  // two headers set
  fc
    .tuple(validMessage, headerNames, headerValues, headerNames, headerValues)
    .map(([m, h1, v1, h2, v2]) => ({ ...m, headers: { ...m.headers, [h1]: Buffer.from(v1), [h2]: v2 } })),
  // the value broken
  fc
    .tuple(
      validMessage,
      fc.oneof(
        fc.string(),
        anyJson.map((j) => JSON.stringify(j) ?? ''),
        fc.constant(''),
        fc.constant(null),
      ),
    )
    .map(([m, v]) => ({
      ...m,
      value: v === null ? null : Buffer.from(v),
    })),
  fc.tuple(validMessage, fc.nat()).map(([m, n]) => ({ ...m, value: (m.value as Buffer).subarray(0, n % (m.value as Buffer).length) })),
  // the payload broken (the envelope intact)
  contractArb.chain((contract) =>
    fc.tuple(validMessage, malformedPayload(shapesOf(contract))).map(([m, p]) => ({
      ...m,
      headers: { ...m.headers, ce_type: Buffer.from(contract.type) },
      value: Buffer.from(JSON.stringify(p) ?? 'null'),
    })),
  ),
  // no key
  validMessage.map((m) => ({ ...m, key: null })),
);

/** The ce_time the binding reads (headers lower-cased, first value), to compare times only when one was sent. */
function ceTimeOf(m: Consumed): string | undefined {
  let t: string | undefined;
  for (const [name, raw] of Object.entries(m.headers)) {
    if (name.toLowerCase() !== 'ce_time') continue;
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v !== undefined) t = v.toString();
  }
  return t || undefined;
}

function comparable(m: Consumed, o: Outcome<EventEnvelope>): Outcome<EventEnvelope> {
  // Without ce_time the CloudEvent constructor stamps the current time: the two decodings run a moment apart.
  return o.ok && !ceTimeOf(m) ? { ok: true, value: { ...o.value, time: '(now)' } } : o;
}

function referencePipeline(m: Consumed): unknown {
  const envelope = decodeEvent(m, 'sdk');
  const contract = findEventContract(envelope.type);
  if (!contract) throw new ContractViolationError(envelope.type, [{ field: 'type', reasons: ['unknown event type'] }]);
  return { ...envelope, data: validateWithClassValidator(contract, envelope.data) };
}

function fastPipeline(m: Consumed): unknown {
  const envelope = decodeEvent(m);
  return { ...envelope, data: validateEventPayload(envelope.type, envelope.data) };
}

describe('fast CloudEvents decoding = the cloudevents Kafka binding', () => {
  it('decodes every valid message to the same envelope', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        expectSameDecision(
          outcome(() => decodeEvent(m)),
          outcome(() => decodeEvent(m, 'sdk')),
          m,
        );
        expect(outcome(() => decodeEvent(m)).ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('decides malformed messages as the binding does (same envelope or both refuse)', () => {
    let refused = 0;
    fc.assert(
      fc.property(malformedMessage, (m) => {
        const reference = comparable(
          m,
          outcome(() => decodeEvent(m, 'sdk')),
        );
        if (!reference.ok) {
          refused++;
          expect(reference.error).toBeInstanceOf(MalformedEventError);
        }
        expectSameDecision(
          comparable(
            m,
            outcome(() => decodeEvent(m)),
          ),
          reference,
          m,
        );
      }),
      { numRuns: RUNS * 3 },
    );
    expect(refused).toBeGreaterThan(RUNS / 2);
  });

  it('decode + validate: the runner accepts and refuses exactly what the binding + class-validator do', () => {
    fc.assert(
      fc.property(fc.oneof(validMessage, malformedMessage), (m) => {
        const fast = outcome(() => fastPipeline(m));
        const reference = outcome(() => referencePipeline(m));
        if (fast.ok !== reference.ok) throw new Error(`pipelines disagree on ${JSON.stringify(m)}`);
        if (fast.ok && reference.ok && ceTimeOf(m)) expect(fast.value).toEqual(reference.value);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
