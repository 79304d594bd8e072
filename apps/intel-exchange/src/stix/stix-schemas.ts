import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FieldError } from '@wco/http';

// The OASIS STIX 2.1 JSON schemas (vendored in standards/stix2.1/schemas, BSD-3, see standards/README.md), compiled
// once. The service validates uploaded bundles with them; the tests validate every export with the same code.

/** Found from this file, never from the cwd: `<repo>/apps/intel-exchange/src/stix` → `<repo>/standards/...`. */
export const STIX_SCHEMAS_DIR = path.resolve(__dirname, '../../../../standards/stix2.1/schemas');

export const STIX_SCHEMA_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
export const STIX_BUNDLE_SCHEMA = `${STIX_SCHEMA_BASE}common/bundle.json`;

/**
 * The published bundle.json lists only some SDO types and lets "custom" objects through via
 * oneOf(core, cyber-observable-core); a grouping, location or extension-definition satisfies both branches, so the
 * published schema rejects every such object (the same defect as oasis-open/cti-stix2-json-schemas#133 for
 * infrastructure). The patched copy adds exactly those types to the list of known objects; stix-conformance.spec.ts
 * proves the defect, so the patch can be dropped when the reference schemas are fixed.
 */
// Same folder as the original, so that its relative $refs resolve unchanged.
export const STIX_PATCHED_BUNDLE_SCHEMA = `${STIX_SCHEMA_BASE}common/bundle-with-all-sdos.json`;
const BUNDLE_ENVELOPE_SCHEMA = `${STIX_SCHEMA_BASE}common/bundle-envelope.json`;
export const TYPES_MISSING_FROM_BUNDLE: Readonly<Record<string, string>> = {
  grouping: 'sdos/grouping.json',
  location: 'sdos/location.json',
  'extension-definition': 'common/extension-definition.json',
};

const COMMON_OBJECT_SCHEMAS = ['marking-definition', 'extension-definition', 'language-content'];

export interface StixSchemas {
  readonly ajv: Ajv2020;
  /** Schema file (relative to the schemas folder) of each STIX type the specification defines. */
  readonly schemaOfType: Readonly<Record<string, string>>;
  /** Every error of the bundle, each with the dotted path of the offending value (`objects.3.created`). */
  errorsOf(bundle: unknown): FieldError[];
  /** Errors of one object against the schema of its own type (core / cyber-observable-core for custom types). */
  objectErrors(object: unknown, at?: string): FieldError[];
}

/** Compiles the schemas in `dir` (the vendored folder by default). Throws when the folder is missing: fail closed. */
export function compileStixSchemas(dir: string = STIX_SCHEMAS_DIR): StixSchemas {
  if (!existsSync(path.join(dir, 'common', 'bundle.json'))) throw new Error(`STIX 2.1 schemas missing: ${dir}`);
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true, logger: false });
  addFormats(ajv);
  const schemaOfType: Record<string, string> = {};
  for (const folder of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, folder)).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(path.join(dir, folder, file), 'utf8')));
      const type = file.replace(/\.json$/, '');
      if (folder !== 'common' || COMMON_OBJECT_SCHEMAS.includes(type)) schemaOfType[type] = `${folder}/${file}`;
    }
  }
  const bundle = JSON.parse(readFileSync(path.join(dir, 'common', 'bundle.json'), 'utf8'));
  const known = bundle.properties.objects.items.anyOf[0].oneOf as { $ref: string }[];
  known.push(...Object.values(TYPES_MISSING_FROM_BUNDLE).map((f) => ({ $ref: `${STIX_SCHEMA_BASE}${f}` })));
  ajv.addSchema({ ...bundle, $id: STIX_PATCHED_BUNDLE_SCHEMA });
  // The bundle's own fields only. Trying every type's schema on every object (bundle.json's anyOf/oneOf) takes tens
  // of milliseconds per bundle; checking each object against the schema of its type is as strict and far cheaper.
  ajv.addSchema({
    ...bundle,
    $id: BUNDLE_ENVELOPE_SCHEMA,
    properties: { ...bundle.properties, objects: { ...bundle.properties.objects, items: true } },
  });

  const compiled = new Map<string, ValidateFunction>();
  const validator = (file: string): ValidateFunction => {
    let v = compiled.get(file);
    if (!v) {
      v = ajv.getSchema(`${STIX_SCHEMA_BASE}${file}`);
      if (!v) throw new Error(`STIX schema not loaded: ${file}`);
      compiled.set(file, v);
    }
    return v;
  };
  // Compile everything now, so that no request pays for it and a broken schema stops the service at start-up.
  for (const file of [...Object.values(schemaOfType), 'common/core.json', 'common/cyber-observable-core.json']) validator(file);
  const envelope = validator('common/bundle-envelope.json');

  const objectErrors = (object: unknown, at = ''): FieldError[] => {
    const record = object && typeof object === 'object' && !Array.isArray(object) ? (object as Record<string, unknown>) : undefined;
    const type = typeof record?.['type'] === 'string' ? (record['type'] as string) : '';
    // A custom type is an SDO/SRO when it has `created` (STIX 2.1 §3.2), else an SCO.
    const file = schemaOfType[type] ?? (record && 'created' in record ? 'common/core.json' : 'common/cyber-observable-core.json');
    const validate = validator(file);
    return validate(object) ? [] : fieldErrors(validate.errors ?? [], at);
  };

  return {
    ajv,
    schemaOfType,
    objectErrors,
    errorsOf(bundle: unknown): FieldError[] {
      const errors = envelope(bundle) ? [] : fieldErrors(envelope.errors ?? []);
      const objects = (bundle as { objects?: unknown } | null)?.objects;
      if (Array.isArray(objects)) objects.forEach((o, i) => errors.push(...objectErrors(o, `objects.${i}`)));
      return errors;
    },
  };
}

function fieldErrors(errors: readonly ErrorObject[], prefix = ''): FieldError[] {
  const out = new Map<string, FieldError>();
  for (const e of errors) {
    // Branch-selection noise of oneOf/anyOf/if says nothing the specific errors do not.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const pointer = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = e.keyword === 'required' ? [(e.params as { missingProperty: string }).missingProperty] : [];
    const field = [prefix, ...pointer, ...missing].filter((s) => s !== '').join('.') || '(bundle)';
    const reason = e.keyword === 'required' ? 'is required' : e.keyword === 'pattern' ? patternReason(e) : (e.message ?? e.keyword);
    out.set(`${field}\u0000${reason}`, { field, reason });
  }
  return [...out.values()];
}

/** The schemas' patterns in words: the regular expressions of identifiers and timestamps say little to a sender. */
function patternReason(e: ErrorObject): string {
  const pattern = String((e.params as { pattern?: string }).pattern ?? '');
  if (pattern.includes('--[0-9a-fA-F]{8}')) return 'must be a STIX identifier <type>--<UUID>';
  if (pattern.includes('T([01][0-9]') || pattern.includes('T\\d{2}'))
    return 'must be a STIX timestamp in UTC, e.g. 2024-03-14T09:30:00.000Z';
  return e.message ?? 'does not match the pattern';
}

let shared: StixSchemas | undefined;
/** The vendored schemas, compiled on first use and kept for the life of the process. */
export function stixSchemas(): StixSchemas {
  shared ??= compileStixSchemas();
  return shared;
}
