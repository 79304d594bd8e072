import { ApiProblem } from '../api/client';
import { bodyOf, draftOf, EMPTY_DRAFT, readRefusal, type Template } from './template-form';

describe('operation template form', () => {
  const stored: Template = {
    id: '9b0f5a3c-1111-4222-8333-444455556666',
    member: 'WCO' as Template['member'],
    name: 'Tidal Wave',
    description: null,
    participants: ['DE', 'FR'],
    commodityFocus: ['tobacco'],
    requiredFields: ['goods.hsCode'],
    version: 3,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  };

  it('fills the form from a stored template and sends it back as the API takes it', () => {
    const draft = draftOf(stored);
    expect(draft).toEqual({
      name: 'Tidal Wave',
      description: '',
      participants: 'DE, FR',
      commodityFocus: ['tobacco'],
      requiredFields: ['goods.hsCode'],
    });
    expect(bodyOf({ ...draft, participants: 'fr de,  ke', description: '  For ports ' })).toEqual({
      name: 'Tidal Wave',
      description: 'For ports',
      participants: ['FR', 'DE', 'KE'],
      commodityFocus: ['tobacco'],
      requiredFields: ['goods.hsCode'],
    });
    expect(bodyOf(EMPTY_DRAFT)).toEqual({ name: '', participants: [], commodityFocus: [], requiredFields: [] });
  });

  it('reads a stale version as a conflict with the stored version, a taken name as an error beside the name', () => {
    const conflict = new ApiProblem(409, 'operation_template_version_conflict', [], 'stale', { currentVersion: 4 });
    expect(readRefusal(conflict)).toEqual({ kind: 'conflict', currentVersion: 4 });
    expect(readRefusal(new ApiProblem(409, 'operation_template_version_conflict', [], 'stale', {}))).toEqual({
      kind: 'conflict',
      currentVersion: null,
    });
    const taken = new ApiProblem(409, 'operation_template_name_taken', [{ field: 'name', reason: 'already used' }], 'taken');
    expect(readRefusal(taken)).toEqual({ kind: 'fields', errors: [{ field: 'name', reason: 'already used' }] });
    expect(readRefusal(new ApiProblem(409, 'operation_template_name_taken', [], 'name taken'))).toEqual({
      kind: 'fields',
      errors: [{ field: 'name', reason: 'name taken' }],
    });
    expect(readRefusal(new ApiProblem(404, 'operation_template_not_found', [], 'gone'))).toEqual({ kind: 'other', detail: 'gone' });
  });
});
