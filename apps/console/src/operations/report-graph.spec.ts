import type { Schemas } from '../api/client';
import { indicatorsOf, routeOf, sharedIndicators } from './report-graph';

type Report = Schemas['intel-exchange.ReportView'];

const report = (id: string, extra: Partial<Report>): Report =>
  ({ id, whenWhere: { country: 'FR', detectedAt: '2026-01-01T00:00:00Z' }, goods: [], ...extra }) as unknown as Report;

describe('the operation graph model', () => {
  const a = report('a', {
    conveyance: {
      transportMode: 'sea',
      containers: [{ number: 'MSCU 1234565' }, { number: 'mscu1234565' }],
      vesselImo: '9074729',
      transportDocuments: [{ kind: 'bill_of_lading', number: 'BL-1' }],
    } as Report['conveyance'],
  });
  const b = report('b', {
    conveyance: { transportMode: 'sea', containers: [{ number: 'MSCU1234565' }], vesselImo: '9999999' } as Report['conveyance'],
  });
  const c = report('c', {
    conveyance: { transportMode: 'road', vehicles: [{ registration: 'AB-123-CD' }] } as Report['conveyance'],
    companies: [{ name: 'X', country: 'NL', role: 'consignee', identifier: { value: 'NL123' } }] as Report['companies'],
  });

  it('takes each exact-value indicator once, normalised as the correlation compares it', () => {
    expect(indicatorsOf(a)).toEqual([
      { kind: 'container', value: 'MSCU1234565' },
      { kind: 'vessel_imo', value: '9074729' },
      { kind: 'bill_of_lading', value: 'BL-1' },
    ]);
    expect(indicatorsOf(c)).toEqual([
      { kind: 'vehicle_registration', value: 'AB-123-CD' },
      { kind: 'company_identifier', value: 'NL123' },
    ]);
  });

  it('links reports through the indicators two or more of them share, and only those', () => {
    expect(sharedIndicators([a, b, c])).toEqual([
      { kind: 'container', value: 'MSCU1234565', key: 'container:MSCU1234565', reportIds: ['a', 'b'] },
    ]);
    expect(sharedIndicators([a, c])).toEqual([]);
  });

  it('orders a route origin → departure → transit → destination, then where the goods were detected', () => {
    const r = report('r', {
      whenWhere: { country: 'BE' } as Report['whenWhere'],
      route: {
        origin: { country: 'CO' },
        departure: { country: 'CO' },
        transit: [{ country: 'PA' }, { country: 'ES' }],
        destination: { country: 'NL' },
      } as Report['route'],
    });
    expect(routeOf(r)).toEqual(['CO', 'PA', 'ES', 'NL', 'BE']);
    expect(routeOf(report('s', {}))).toEqual(['FR']);
  });
});
