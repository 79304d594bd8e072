import { fieldOfError, REPORT_FIELDS, reportBody } from './report-fields';

describe('the seizure-report form', () => {
  it('builds the API body from the fields: nested by path, numbers, lists, the detection instant, empty fields left out', () => {
    const body = reportBody({
      type: 'seizure',
      'whenWhere.detectedAt': '2026-02-10T08:00',
      'whenWhere.country': 'FR',
      'whenWhere.place': '  ',
      'goods.0.description': 'Cigarettes',
      'goods.0.quantity.value': '12.5',
      'grading.informationCredibility': '2',
      'distribution.level': 'named_members',
      'distribution.members': 'de, nl ,',
      'personalData.persons.0.familyName': 'Doe',
      personalDataReleasedTo: 'DE',
    });
    expect(body).toEqual({
      type: 'seizure',
      whenWhere: { detectedAt: new Date('2026-02-10T08:00').toISOString(), country: 'FR' },
      goods: [{ description: 'Cigarettes', quantity: { value: 12.5 } }],
      grading: { informationCredibility: 2 },
      distribution: { level: 'named_members', members: ['DE', 'NL'] },
      personalData: { persons: [{ familyName: 'Doe', personIndex: 0 }] },
      personalDataReleasedTo: ['DE'],
    });
  });

  it('puts each API error beside its field, or the nearest one when the API names a whole object or a deeper path', () => {
    expect(fieldOfError('conveyance.containers.0.number')).toBe('conveyance.containers.0.number');
    expect(fieldOfError('distribution')).toBe('distribution.level');
    expect(fieldOfError('goods.0.quantity.unit')).toBe('goods.0.quantity.unit');
    expect(fieldOfError('personalData.persons.0.documents.0.number')).toBeUndefined();
    expect(fieldOfError('whenWhere.place.extra')).toBe('whenWhere.place');
    expect(fieldOfError('')).toBeUndefined();
  });

  it('names every field once, with code lists taken from the API document', () => {
    const paths = REPORT_FIELDS.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    const tlp = REPORT_FIELDS.find((f) => f.path === 'tlp');
    expect(tlp?.options).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(REPORT_FIELDS.filter((f) => f.kind === 'select').every((f) => (f.options?.length ?? 0) > 1)).toBe(true);
  });
});
