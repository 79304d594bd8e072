import 'reflect-metadata';
import { validateReport, FieldError } from './report-submission.dto';
import { fullSubmission, isoDaysFromNow, minimalSubmission } from '../../domain/testing/report-fixtures';

function clone<T>(v: T): any {
  return JSON.parse(JSON.stringify(v));
}

function errorsOf(plain: unknown): FieldError[] {
  const result = validateReport(plain);
  if (result.ok) throw new Error('expected the report to be rejected');
  return result.errors;
}

function fieldsOf(plain: unknown): string[] {
  return [...new Set(errorsOf(plain).map((e) => e.field))].sort();
}

describe('validateReport', () => {
  it('accepts a complete report and a minimal one', () => {
    for (const body of [fullSubmission(), minimalSubmission()]) {
      const result = validateReport(clone(body));
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('normalises identifiers typed the way people write them', () => {
    const body = clone(fullSubmission());
    body.conveyance.containers[0].number = 'csqu 305438-3';
    body.conveyance.vesselImo = 'IMO 9074729';
    body.conveyance.transportDocuments[1].number = '176-1234 5675';
    body.conveyance.vehicles[0].registration = 'bxl-123';
    body.goods[0].hsCode = '2939.72';
    body.whenWhere.place = 'NL RTM';
    const result = validateReport(body);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.conveyance?.containers?.[0].number).toBe('CSQU3054383');
    expect(result.value.conveyance?.vesselImo).toBe('9074729');
    expect(result.value.conveyance?.transportDocuments?.[1].number).toBe('17612345675');
    expect(result.value.conveyance?.vehicles?.[0].registration).toBe('BXL123');
    expect(result.value.goods[0].hsCode).toBe('293972');
    expect(result.value.whenWhere.place).toBe('NLRTM');
  });

  it('names nested fields with dotted paths', () => {
    const body = clone(fullSubmission());
    body.conveyance.containers.push({ number: 'CSQU3054384' });
    body.conveyance.vesselImo = '9074728';
    body.route.transit[1].country = 'XX';
    body.goods[1].estimatedValue = { amount: 10 };
    const errors = errorsOf(body);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'conveyance.containers.1.number', reason: expect.stringContaining('ISO 6346') },
        { field: 'conveyance.vesselImo', reason: expect.stringContaining('IMO number') },
        { field: 'route.transit.1.country', reason: expect.stringContaining('ISO 3166-1') },
        { field: 'goods.1.estimatedValue.currency', reason: expect.stringContaining('ISO 4217') },
      ]),
    );
    expect(fieldsOf(body)).toEqual([
      'conveyance.containers.1.number',
      'conveyance.vesselImo',
      'goods.1.estimatedValue.currency',
      'route.transit.1.country',
    ]);
  });

  it('rejects unknown fields at every level instead of dropping them', () => {
    const body = clone(minimalSubmission());
    body.personalDetails = { name: 'x' };
    body.whenWhere.gps = '1,2';
    body.goods[0].colour = 'white';
    expect(errorsOf(body)).toEqual(
      expect.arrayContaining([
        { field: 'personalDetails', reason: 'is not an allowed field' },
        { field: 'whenWhere.gps', reason: 'is not an allowed field' },
        { field: 'goods.0.colour', reason: 'is not an allowed field' },
      ]),
    );
  });

  it('rejects non-objects and wrongly typed sections', () => {
    expect(errorsOf(null)).toEqual([{ field: '', reason: 'report must be a JSON object' }]);
    expect(errorsOf([minimalSubmission()])).toEqual([{ field: '', reason: 'report must be a JSON object' }]);
    expect(fieldsOf({ ...clone(minimalSubmission()), goods: 'cocaine' })).toEqual(['goods']);
    expect(fieldsOf({ ...clone(minimalSubmission()), goods: [] })).toEqual(['goods']);
    expect(fieldsOf({ ...clone(minimalSubmission()), whenWhere: undefined })).toEqual(['whenWhere']);
  });

  it('enforces code lists', () => {
    const body = clone(minimalSubmission());
    body.type = 'rumour';
    body.goods[0].commodityCategory = 'bananas';
    body.whenWhere.locationType = 'beach';
    body.whenWhere.direction = 'sideways';
    body.grading = { sourceReliability: 'G', informationCredibility: '2' };
    body.tlp = 'WHITE';
    expect(fieldsOf(body)).toEqual([
      'goods.0.commodityCategory',
      'grading.informationCredibility',
      'grading.sourceReliability',
      'tlp',
      'type',
      'whenWhere.direction',
      'whenWhere.locationType',
    ]);
  });

  it('requires units on weights and quantities and a currency on values', () => {
    const body = clone(minimalSubmission());
    body.goods[0].grossWeight = { value: 3 };
    body.goods[0].netWeight = { value: 3, unit: 'l' };
    body.goods[0].quantity = { value: 3 };
    body.goods[0].estimatedValue = { amount: 5000, currency: 'dollars' };
    expect(fieldsOf(body)).toEqual([
      'goods.0.estimatedValue.currency',
      'goods.0.grossWeight.unit',
      'goods.0.netWeight.unit',
      'goods.0.quantity.unit',
    ]);
  });

  it('rejects a unit that does not fit the commodity (cigarettes are not measured in litres)', () => {
    const body = clone(fullSubmission());
    body.goods[1].quantity = { value: 20, unit: 'l' };
    expect(errorsOf(body)).toEqual([
      { field: 'goods.1.quantity', reason: expect.stringContaining('unit l does not fit commodity tobacco') },
    ]);
  });

  it('rejects a place outside the stated country', () => {
    const body = clone(fullSubmission());
    body.whenWhere.place = 'BEANR';
    body.route.origin.place = 'NLRTM';
    expect(errorsOf(body)).toEqual([
      { field: 'whenWhere.place', reason: 'BEANR is not in country NL (a UN/LOCODE starts with its country code)' },
      { field: 'route.origin.place', reason: 'NLRTM is not in country EC (a UN/LOCODE starts with its country code)' },
    ]);
  });

  it('rejects detection in the future and date-times without a zone', () => {
    const body = clone(minimalSubmission());
    body.whenWhere.detectedAt = new Date(Date.now() + 86_400_000).toISOString();
    expect(errorsOf(body)).toEqual([{ field: 'whenWhere.detectedAt', reason: 'must not be in the future' }]);
    body.whenWhere.detectedAt = '2024-01-01T10:00:00';
    expect(errorsOf(body)).toEqual([{ field: 'whenWhere.detectedAt', reason: 'must be a date-time with a time zone (Z or ±hh:mm)' }]);
  });

  it('keeps retention in the future and within ten years', () => {
    const past = clone(minimalSubmission({ retentionUntil: isoDaysFromNow(-1) }));
    expect(errorsOf(past)).toEqual([{ field: 'retentionUntil', reason: 'must be in the future' }]);
    const far = clone(minimalSubmission({ retentionUntil: isoDaysFromNow(365 * 10 + 5) }));
    expect(errorsOf(far)).toEqual([{ field: 'retentionUntil', reason: 'must be at most 10 years ahead' }]);
    expect(validateReport(clone(minimalSubmission({ retentionUntil: isoDaysFromNow(365 * 10 - 5) }))).ok).toBe(true);
  });

  it('caps string lengths and array sizes', () => {
    const body = clone(fullSubmission());
    body.goods[0].description = 'x'.repeat(4001);
    body.conveyance.carrier = 'x'.repeat(201);
    body.route.transit = Array.from({ length: 21 }, () => ({ country: 'PA' }));
    body.goods = [...body.goods, ...Array.from({ length: 199 }, () => ({ commodityCategory: 'other', description: 'x' }))];
    expect(fieldsOf(body)).toEqual(['conveyance.carrier', 'goods', 'goods.0.description', 'route.transit']);
  });

  it('rejects repeated container numbers', () => {
    const body = clone(fullSubmission());
    body.conveyance.containers.push({ number: 'CSQU 3054383' });
    expect(errorsOf(body)).toEqual([{ field: 'conveyance.containers', reason: 'must not repeat a number' }]);
  });

  describe('handling and distribution', () => {
    it('requires named recipients for TLP:RED', () => {
      const body = clone(minimalSubmission({ tlp: 'RED', distribution: { level: 'all_members' } }));
      expect(errorsOf(body)).toEqual([
        { field: 'distribution', reason: 'TLP:RED requires distribution level named_members with at least one Member' },
      ]);
      body.distribution = { level: 'named_members', members: ['FR'] };
      expect(validateReport(body).ok).toBe(true);
    });

    it.each(['operation_participants', 'all_members'])('refuses AMBER+STRICT with %s', (level) => {
      const body = clone(fullSubmission({ tlp: 'AMBER+STRICT', personalDataReleasedTo: [] }));
      body.distribution = { level };
      expect(errorsOf(body)).toEqual([
        {
          field: 'distribution',
          reason: 'TLP:AMBER+STRICT allows only distribution levels named_members or originator_only (no onward sharing)',
        },
      ]);
    });

    it('accepts AMBER+STRICT to named Members or kept by the originator', () => {
      expect(validateReport(clone(fullSubmission({ tlp: 'AMBER+STRICT' }))).ok).toBe(true);
      const kept = fullSubmission({ tlp: 'AMBER+STRICT', personalDataReleasedTo: [], distribution: { level: 'originator_only' } });
      expect(validateReport(clone(kept)).ok).toBe(true);
    });

    it('ties members to named_members', () => {
      const noMembers = clone(minimalSubmission({ distribution: { level: 'named_members' } }));
      expect(errorsOf(noMembers)).toEqual([
        { field: 'distribution.level', reason: 'named_members requires at least one Member in members' },
      ]);
      const strayMembers = clone(minimalSubmission({ distribution: { level: 'all_members', members: ['FR'] } }));
      expect(errorsOf(strayMembers)).toEqual([
        { field: 'distribution.members', reason: 'may only be given with level named_members (level is all_members)' },
      ]);
      const badCode = clone(minimalSubmission({ distribution: { level: 'named_members', members: ['FR', 'XX'] } }));
      expect(fieldsOf(badCode)).toEqual(['distribution.members']);
    });

    it('needs an operation for operation_participants', () => {
      const body = clone(minimalSubmission({ distribution: { level: 'operation_participants' } }));
      expect(errorsOf(body)).toEqual([{ field: 'distribution', reason: 'level operation_participants requires operationId' }]);
    });
  });

  describe('personal data', () => {
    it('may be released only to Members who receive the report', () => {
      const body = clone(fullSubmission({ personalDataReleasedTo: ['BE', 'FR'] }));
      expect(errorsOf(body)).toEqual([
        {
          field: 'personalDataReleasedTo',
          reason: 'may only name Members in distribution.members (not: FR)',
        },
      ]);
    });

    it('cannot be released when there is none', () => {
      const body = clone(fullSubmission());
      delete body.personalData;
      expect(errorsOf(body)).toEqual([{ field: 'personalDataReleasedTo', reason: 'requires a personalData section' }]);
    });

    it('links only to existing persons', () => {
      const body = clone(fullSubmission());
      body.personalData.persons[0].personIndex = 1;
      expect(errorsOf(body)).toEqual([
        { field: 'personalData', reason: 'persons.0.personIndex must refer to one of the 1 entries of persons' },
      ]);
    });

    it('validates dates of birth and document numbers', () => {
      const body = clone(fullSubmission());
      body.personalData.persons[0].dateOfBirth = '1985-13-01';
      body.personalData.persons[0].documents[0].issuingCountry = 'ZZ';
      expect(fieldsOf(body)).toEqual(['personalData.persons.0.dateOfBirth', 'personalData.persons.0.documents.0.issuingCountry']);
    });
  });
});
