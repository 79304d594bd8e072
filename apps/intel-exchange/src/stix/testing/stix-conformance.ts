import { standardsPath } from '@wco/testing';
import { compileStixSchemas, STIX_BUNDLE_SCHEMA, StixSchemas, TYPES_MISSING_FROM_BUNDLE } from '../stix-schemas';
import { stixSemanticViolations } from './stix-semantic-rules';

// What the OASIS validator would say about a bundle, for the tests: the STIX 2.1 JSON schemas (the vendored copy,
// through standardsPath) and the semantic rules of ./stix-semantic-rules.ts.

let schemas: StixSchemas | undefined;
export function testStixSchemas(): StixSchemas {
  schemas ??= compileStixSchemas(standardsPath('stix2.1', 'schemas'));
  return schemas;
}

/**
 * Every problem of an exported bundle: schema errors of the bundle (patched bundle.json), of the unmodified
 * bundle.json without the types it cannot admit, of each object against its own type's schema, and every semantic
 * violation. `[]` when the bundle conforms.
 */
export function stixConformanceProblems(bundle: unknown): string[] {
  const s = testStixSchemas();
  const plain = JSON.parse(JSON.stringify(bundle));
  const problems = s.errorsOf(plain).map((e) => `schema: ${e.field} ${e.reason}`);
  const unlisted = { ...plain, objects: (plain.objects ?? []).filter((o: { type: string }) => !(o.type in TYPES_MISSING_FROM_BUNDLE)) };
  const published = s.ajv.getSchema(STIX_BUNDLE_SCHEMA)!;
  if (!published(unlisted)) problems.push(`published bundle.json: ${JSON.stringify(published.errors?.slice(0, 3))}`);
  for (const [i, o] of (plain.objects ?? []).entries())
    problems.push(...s.objectErrors(o, `objects.${i}`).map((e) => `schema: ${e.field} ${e.reason}`));
  return [...new Set([...problems, ...stixSemanticViolations(plain).map((v) => `semantic: ${v}`)])];
}
