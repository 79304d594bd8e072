import { createHash } from 'node:crypto';
import { extractIndicators } from './indicators';
import { fullSubmission, minimalSubmission } from './testing/report-fixtures';

describe('extractIndicators', () => {
  it('extracts every structured identifier of a full report', () => {
    const found = extractIndicators(fullSubmission()).map((i) => [i.kind, i.normalised]);
    expect(found).toEqual([
      ['container', 'CSQU3054383'],
      ['vessel_imo', '9074729'],
      ['bill_of_lading', 'EXLU123456789'],
      ['air_waybill', '17612345675'],
      ['vehicle_registration', 'BXL123'],
      ['company_identifier', 'EC:0991234567001'],
      ['company_identifier', 'NL:NL123456789'],
      ['hs_heading_route', '2939:EC>NL'],
      ['hs_heading_route', '2402:EC>NL'],
      ['concealment_route', 'hidden_in_goods:EC>NL'],
    ]);
  });

  it('hashes kind and normalised value with sha256', () => {
    const container = extractIndicators(fullSubmission()).find((i) => i.kind === 'container');
    expect(container?.hash).toBe(createHash('sha256').update('container:CSQU3054383').digest('hex'));
  });

  it('normalises so that the same plate or document typed differently matches', () => {
    const a = fullSubmission();
    const b = fullSubmission({
      conveyance: {
        transportMode: 'road',
        vehicles: [{ registration: 'bxl-123' }],
        transportDocuments: [{ kind: 'bill_of_lading', number: 'exlu 1234-56789' }],
      },
    });
    const hashes = (r: typeof a, kind: string) =>
      extractIndicators(r)
        .filter((i) => i.kind === kind)
        .map((i) => i.hash);
    expect(hashes(b, 'vehicle_registration')).toEqual(hashes(a, 'vehicle_registration'));
    expect(hashes(b, 'bill_of_lading')).toEqual(hashes(a, 'bill_of_lading'));
    expect(extractIndicators(b).find((i) => i.kind === 'vehicle_registration')?.value).toBe('bxl-123');
  });

  it('never uses free text', () => {
    const a = fullSubmission();
    const b = fullSubmission({
      goods: a.goods.map((g) => ({ ...g, description: 'something else entirely' })),
      concealment: { code: 'hidden_in_goods', details: 'different words' },
      companies: a.companies?.map((c) => ({ ...c, name: 'Renamed Ltd' })),
    });
    expect(extractIndicators(b)).toEqual(extractIndicators(a));
  });

  it('needs both ends of the route for route pairs and skips uninformative concealment', () => {
    const noRoute = extractIndicators(fullSubmission({ route: { origin: { country: 'EC' } } })).map((i) => i.kind);
    expect(noRoute).not.toContain('hs_heading_route');
    expect(noRoute).not.toContain('concealment_route');
    const viaDeparture = extractIndicators(
      fullSubmission({ route: { departure: { country: 'PA' }, destination: { country: 'NL' } }, concealment: { code: 'other' } }),
    );
    expect(viaDeparture.filter((i) => i.kind.endsWith('_route')).map((i) => i.normalised)).toEqual(['2939:PA>NL', '2402:PA>NL']);
  });

  it('lists a repeated value once', () => {
    const report = fullSubmission({
      goods: [
        { commodityCategory: 'drugs', description: 'a', hsCode: '29397200' },
        { commodityCategory: 'drugs', description: 'b', hsCode: '293972' },
      ],
    });
    expect(extractIndicators(report).filter((i) => i.kind === 'hs_heading_route')).toHaveLength(1);
  });

  it('finds nothing in a report without identifiers', () => {
    expect(extractIndicators(minimalSubmission())).toEqual([]);
  });
});
