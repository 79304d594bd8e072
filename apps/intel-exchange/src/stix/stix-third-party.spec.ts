import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BadRequestError, ValidationFailedError } from '@wco/http';
import { importStixBundle } from './stix-import';
import { testStixSchemas } from './testing/stix-conformance';

// Other producers' bundles: the OASIS examples in testing/fixtures (see its README for source and licence).
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(__dirname, 'testing', 'fixtures', `${name}.json`), 'utf8'));

function refusal(run: () => unknown): { error: unknown } {
  try {
    run();
  } catch (error) {
    return { error };
  }
  throw new Error('expected the import to be refused');
}

describe('importing third-party STIX bundles (OASIS examples)', () => {
  const schemas = testStixSchemas();

  it.each(['oasis-apt1', 'oasis-poisonivy'])('%s: a valid threat report becomes a draft that says what a customs report lacks', (name) => {
    const bundle = fixture(name);
    expect(schemas.errorsOf(bundle)).toEqual([]);
    const { draft, warnings, errors } = importStixBundle(schemas, bundle);
    // Nothing customs-specific is invented: a threat-report is not taken for an alert, and no TLP is assumed.
    expect(draft).toEqual({});
    expect(warnings).toEqual([
      { field: 'type', reason: 'no WCO report type in report_types' },
      { field: 'tlp', reason: 'no TLP marking on the report; choose the TLP' },
      { field: 'extensions', reason: 'no x-wco-customs extension: goods, grading, distribution and retentionUntil must be completed' },
    ]);
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['type', 'tlp', 'whenWhere', 'goods', 'grading', 'distribution']));
  });

  it('a valid bundle with no report is refused, saying it holds none', () => {
    const { error } = refusal(() => importStixBundle(schemas, fixture('oasis-indicator-for-c2-ip-address')));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'stix_import_invalid', message: 'bundle holds no report' });
  });

  it('a bundle that breaks the STIX schemas is refused with the path of each error', () => {
    const bundle = fixture('oasis-apt1') as { objects: Record<string, unknown>[] };
    const at = bundle.objects.findIndex((o) => o['type'] === 'report');
    Object.assign(bundle.objects[at], { id: 'report--xyz', created: 'yesterday', confidence: 150 });
    const { error } = refusal(() => importStixBundle(schemas, bundle));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).code).toBe('stix_import_invalid');
    expect((error as ValidationFailedError).errors).toEqual([
      { field: `objects.${at}.id`, reason: 'must be a STIX identifier <type>--<UUID>' },
      { field: `objects.${at}.created`, reason: 'must be a STIX timestamp in UTC, e.g. 2024-03-14T09:30:00.000Z' },
      { field: `objects.${at}.confidence`, reason: 'must be <= 100' },
    ]);
  });
});
