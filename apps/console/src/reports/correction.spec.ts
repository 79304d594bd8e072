import { leavesOf, sectionLeaves, sectionValue, specPath } from './correction';

describe('correction of a report section', () => {
  const report = {
    type: 'seizure',
    goods: [
      { commodityCategory: 'drugs', description: 'Heroin', quantity: { value: 12, unit: 'kg' } },
      { commodityCategory: 'tobacco', description: 'Cigarettes' },
    ],
    conveyance: { transportMode: 'sea', containers: [{ number: 'MSCU1234566' }] },
  };

  it('lists every current value of a section by its path, typed as the report has it', () => {
    expect(leavesOf(report.goods, 'goods')).toEqual([
      { path: 'goods.0.commodityCategory', text: 'drugs', type: 'string' },
      { path: 'goods.0.description', text: 'Heroin', type: 'string' },
      { path: 'goods.0.quantity.value', text: '12', type: 'number' },
      { path: 'goods.0.quantity.unit', text: 'kg', type: 'string' },
      { path: 'goods.1.commodityCategory', text: 'tobacco', type: 'string' },
      { path: 'goods.1.description', text: 'Cigarettes', type: 'string' },
    ]);
    expect(sectionLeaves(report, 'type', [])).toEqual([{ path: 'type', text: 'seizure', type: 'string' }]);
  });

  it('offers the report form’s fields, empty, for a section the report does not have', () => {
    const fields = [{ path: 'route.origin.country' }, { path: 'routeX' }, { path: 'grading.informationCredibility', numeric: true }];
    expect(sectionLeaves(report, 'route', fields)).toEqual([{ path: 'route.origin.country', text: '', type: 'string' }]);
    expect(sectionLeaves(report, 'grading', fields)).toEqual([{ path: 'grading.informationCredibility', text: '', type: 'number' }]);
  });

  it('rebuilds the whole section from the edited values: numbers as numbers, a non-number as typed, emptied values left out', () => {
    const leaves = leavesOf(report.goods, 'goods').map((l) =>
      l.path === 'goods.0.quantity.value' ? { ...l, text: '15' } : l.path === 'goods.1.description' ? { ...l, text: '' } : l,
    );
    expect(sectionValue('goods', leaves)).toEqual([
      { commodityCategory: 'drugs', description: 'Heroin', quantity: { value: 15, unit: 'kg' } },
      { commodityCategory: 'tobacco' },
    ]);
    const lots = leaves.map((l) => (l.path === 'goods.0.quantity.value' ? { ...l, text: 'lots' } : l));
    expect((sectionValue('goods', lots) as { quantity?: { value: unknown } }[])[0].quantity?.value).toBe('lots');
    expect(sectionValue('type', [{ path: 'type', text: 'attempt', type: 'string' }])).toBe('attempt');
    expect(sectionValue('conveyance', leavesOf(report.conveyance, 'conveyance'))).toEqual(report.conveyance);
    expect(sectionValue('route', [{ path: 'route.origin.country', text: ' ', type: 'string' }])).toBeNull();
  });

  it('finds the report form’s field for any item of a list', () => {
    expect(specPath('goods.1.quantity.value')).toBe('goods.0.quantity.value');
    expect(specPath('conveyance.containers.12.number')).toBe('conveyance.containers.0.number');
    expect(specPath('type')).toBe('type');
  });
});
