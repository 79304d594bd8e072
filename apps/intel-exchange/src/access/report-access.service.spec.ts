import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { Principal } from '@wco/auth';
import type { EntityManager } from 'typeorm';
import type { OperationAccessFacts } from '../domain/report.types';
import { ReportEntity } from '../reports/report.entity';
import { ExportForbiddenError, ReportNotFoundError } from '../reports/reports.errors';
import { ReportAccessRepository } from './report-access.repository';
import { ReportAccessService } from './report-access.service';

// The gate's answers per action, against its repository seam. The policy itself is specified in
// domain/access-policy.spec.ts and end to end in access-matrix.int-spec.ts; these cases pin what the gate adds:
// which error each refusal is, that receipts need no right to the content, and that a write's read is locked.

const analyst = (member: string): Principal => ({ subject: `analyst-${member}`, member, roles: ['member-analyst'] });
const AUDITOR: Principal = { subject: 'auditor-1', member: 'WCO', roles: ['auditor'] };
const ID = '0b0a8a0e-0000-4000-8000-000000000001';
const OP = '0b0a8a0e-0000-4000-8000-0000000000a1';

function report(overrides: Partial<ReportEntity> = {}): ReportEntity {
  return Object.assign(new ReportEntity(), {
    id: ID,
    originatorMember: 'FR',
    tlp: 'AMBER',
    distributionLevel: 'named_members',
    distributionMembers: ['DE'],
    operationId: null,
    personalDataReleasedTo: [],
    purgedAt: null,
    ...overrides,
  });
}

describe('ReportAccessService (the access gate)', () => {
  const em = {} as EntityManager;
  const repository = { findReport: jest.fn(), findReports: jest.fn(), operationFacts: jest.fn() };
  let gate: ReportAccessService;

  beforeEach(async () => {
    jest.resetAllMocks();
    const module = await Test.createTestingModule({
      providers: [ReportAccessService, { provide: ReportAccessRepository, useValue: repository }],
    }).compile();
    gate = module.get(ReportAccessService);
  });

  it('answers an invisible report exactly like a missing one, for every action', async () => {
    for (const action of ['read', 'export'] as const) {
      repository.findReport.mockResolvedValueOnce(report());
      const hidden = await gate.requireAccess(em, analyst('KE'), action, ID).catch((e: unknown) => e);
      repository.findReport.mockResolvedValueOnce(null);
      const missing = await gate.requireAccess(em, analyst('KE'), action, ID).catch((e: unknown) => e);
      expect(hidden).toBeInstanceOf(ReportNotFoundError);
      expect(hidden).toEqual(missing);
    }
  });

  it('refuses the export of a RED report to a named Member who reads it, with 403 export_forbidden', async () => {
    repository.findReport.mockResolvedValue(report({ tlp: 'RED' }));
    await expect(gate.requireAccess(em, analyst('DE'), 'read', ID)).resolves.toMatchObject({ row: { id: ID } });
    await expect(gate.requireAccess(em, analyst('DE'), 'export', ID)).rejects.toBeInstanceOf(ExportForbiddenError);
    await expect(gate.requireAccess(em, analyst('FR'), 'export', ID)).resolves.toMatchObject({ row: { id: ID } });
  });

  it('lists receipts by the receipts policy: all to WCO auditors and the originator, none (a 404) to a Member it is shared with', async () => {
    repository.findReport.mockResolvedValue(report({ distributionLevel: 'originator_only', distributionMembers: [] }));
    await expect(gate.requireAccess(em, AUDITOR, 'list_receipts', ID)).resolves.toMatchObject({ receiptScope: 'all' });
    await expect(gate.requireAccess(em, AUDITOR, 'read', ID)).rejects.toBeInstanceOf(ReportNotFoundError);
    await expect(gate.requireAccess(em, analyst('FR'), 'list_receipts', ID)).resolves.toMatchObject({ receiptScope: 'all' });
    repository.findReport.mockResolvedValue(report());
    await expect(gate.requireAccess(em, analyst('DE'), 'read', ID)).resolves.toMatchObject({ row: { id: ID } });
    await expect(gate.requireAccess(em, analyst('DE'), 'list_receipts', ID)).rejects.toBeInstanceOf(ReportNotFoundError);
    const deAuditor: Principal = { subject: 'auditor-de', member: 'DE', roles: ['auditor'] };
    await expect(gate.requireAccess(em, deAuditor, 'list_receipts', ID)).resolves.toMatchObject({ receiptScope: 'own_member' });
  });

  it("decides with the report's own operation, read in the same transaction, and locks the row when asked", async () => {
    const op: OperationAccessFacts = { id: OP, coordinatorMember: 'WCO', participantMembers: ['FR', 'KE'], state: 'active' };
    repository.findReport.mockResolvedValue(
      report({ distributionLevel: 'operation_participants', distributionMembers: [], operationId: OP }),
    );
    repository.operationFacts.mockResolvedValue(op);
    await expect(gate.requireAccess(em, analyst('KE'), 'read', ID, { lock: true })).resolves.toMatchObject({ operation: op });
    expect(repository.findReport).toHaveBeenCalledWith(em, ID, true);
    expect(repository.operationFacts).toHaveBeenCalledWith(em, OP);
    repository.operationFacts.mockResolvedValue({ ...op, state: 'archived' });
    await expect(gate.requireAccess(em, analyst('KE'), 'read', ID)).rejects.toBeInstanceOf(ReportNotFoundError);
  });

  it('tells a match which reports the Member itself may see, never a purged one', async () => {
    repository.findReports.mockResolvedValue([
      report(),
      report({ id: 'other', originatorMember: 'DE', distributionLevel: 'all_members', purgedAt: new Date() }),
      report({ id: 'shared', originatorMember: 'DE', distributionLevel: 'all_members', tlp: 'GREEN' }),
    ]);
    const seen = await gate.visibleToMember(em, 'KE', [ID, 'other', 'shared']);
    expect([...seen].map(([id, r]) => [id, r.visible])).toEqual([
      [ID, false],
      ['other', false],
      ['shared', true],
    ]);
  });
});
