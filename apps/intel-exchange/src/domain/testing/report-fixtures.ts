import { ReportSubmission, StoredReport } from '../report.types';

// Realistic report bodies for specs. Dates are relative to now so that the future/past rules keep holding.

export function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A maritime cocaine seizure in Rotterdam with every section filled in. */
export function fullSubmission(overrides: Partial<ReportSubmission> = {}): ReportSubmission {
  return {
    type: 'seizure',
    operationId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    whenWhere: {
      detectedAt: '2024-03-14T09:30:00.000Z',
      country: 'NL',
      place: 'NLRTM',
      locationType: 'seaport',
      customsProcedure: 'release_for_free_circulation',
      direction: 'import',
    },
    goods: [
      {
        commodityCategory: 'drugs',
        description: 'Cocaine hydrochloride in 40 bricks hidden among bananas',
        hsCode: '293972',
        quantity: { value: 48.2, unit: 'kg' },
        grossWeight: { value: 51, unit: 'kg' },
        netWeight: { value: 48.2, unit: 'kg' },
        pieces: 40,
        estimatedValue: { amount: 2_400_000, currency: 'EUR' },
      },
      {
        commodityCategory: 'tobacco',
        description: 'Counterfeit cigarettes',
        hsCode: '24022090',
        quantity: { value: 200, unit: 'cartons' },
      },
    ],
    concealment: { code: 'hidden_in_goods', details: 'Bricks placed under the top layer of banana boxes' },
    detection: { code: 'x_ray', details: 'Anomaly in the container scan image' },
    conveyance: {
      transportMode: 'sea',
      carrier: 'Example Line',
      flightOrVoyage: '412W',
      vesselName: 'EXAMPLE STAR',
      vesselImo: '9074729',
      containers: [{ number: 'CSQU3054383', seals: ['ML1234567'] }],
      transportDocuments: [
        { kind: 'bill_of_lading', number: 'EXLU123456789' },
        { kind: 'air_waybill', number: '17612345675' },
      ],
      vehicles: [{ registration: 'BXL123', country: 'BE' }],
      seals: ['TRL998877'],
    },
    route: {
      origin: { country: 'EC', place: 'ECGYE' },
      departure: { country: 'EC', place: 'ECGYE' },
      transit: [{ country: 'PA', place: 'PABLB' }, { country: 'ES' }],
      destination: { country: 'NL', place: 'NLRTM' },
    },
    companies: [
      { name: 'Fruta Export SA', role: 'exporter', country: 'EC', identifier: { scheme: 'TIN', value: '0991234567001' } },
      { name: 'Import BV', role: 'consignee', country: 'NL', identifier: { scheme: 'EORI', value: 'NL123456789' } },
    ],
    persons: [{ role: 'driver', nationality: 'NL', gender: 'male', ageBand: '35_44' }],
    personalData: {
      persons: [
        {
          personIndex: 0,
          familyName: 'Jansen',
          givenNames: 'Pieter',
          dateOfBirth: '1985-06-01',
          documents: [{ type: 'passport', number: 'NXA1234567', issuingCountry: 'NL' }],
        },
      ],
    },
    personalDataReleasedTo: ['BE'],
    grading: { sourceReliability: 'B', informationCredibility: 2 },
    tlp: 'AMBER',
    distribution: { level: 'named_members', members: ['BE', 'EC', 'ES'] },
    retentionUntil: isoDaysFromNow(365 * 5),
    ...overrides,
  };
}

/** The smallest valid report: only the required fields. */
export function minimalSubmission(overrides: Partial<ReportSubmission> = {}): ReportSubmission {
  return {
    type: 'alert',
    whenWhere: { detectedAt: '2024-05-02T14:00:00+02:00', country: 'KE', locationType: 'airport', direction: 'export' },
    goods: [{ commodityCategory: 'wildlife_cites', description: 'Ivory carvings' }],
    grading: { sourceReliability: 'C', informationCredibility: 3 },
    tlp: 'GREEN',
    distribution: { level: 'all_members' },
    retentionUntil: isoDaysFromNow(90),
    ...overrides,
  };
}

export function storedReport(
  submission: ReportSubmission,
  meta: Partial<Pick<StoredReport, 'id' | 'version' | 'originatorMember' | 'submittedBy' | 'createdAt' | 'versionCreatedAt'>> = {},
): StoredReport {
  return {
    ...submission,
    id: meta.id ?? '7b0c4f2a-1d3e-4f5a-9b8c-7d6e5f4a3b2c',
    version: meta.version ?? 1,
    originatorMember: meta.originatorMember ?? 'NL',
    submittedBy: meta.submittedBy ?? 'analyst-nl-1',
    createdAt: meta.createdAt ?? '2024-03-14T10:00:00.000Z',
    versionCreatedAt: meta.versionCreatedAt ?? '2024-03-14T10:00:00.000Z',
  };
}
