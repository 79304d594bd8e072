import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { Principal } from '@wco/auth';
import { IdempotencyStore } from '@wco/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { ReportAccessService } from '../access/report-access.service';
import { CorrelationService } from '../correlation/correlation.service';
import { accessFactsOf } from './report-access';
import { minimalSubmission } from '../domain/testing/report-fixtures';
import { IntelEvents } from '../events/intel-events';
import type { OperationEntity } from '../operations/operation.entity';
import { OperationsService } from '../operations/operations.service';
import { ReportSubmissionService } from './report-submission.service';
import { ReportVersionsService } from './report-versions.service';
import { ReportEntity } from './report.entity';
import { NotOriginatorError, OperationNotOpenForReportsError, OperationTemplateNotMetError } from './reports.errors';
import { ReportsRepository } from './reports.repository';

// The branching of a submission (which operation a report may join, who may revise it, how a retry is keyed),
// against the seams of the service: repository, operations, correlation, events, access gate, idempotency store.
// The int-specs cover the same service end to end; these cases are the ones they do not reach.

const FR: Principal = { subject: 'analyst-fr', member: 'FR', roles: ['member-analyst'] };
const KE: Principal = { subject: 'analyst-ke', member: 'KE', roles: ['member-analyst'] };
const CLOSED_OP = '0b0a8a0e-0000-4000-8000-0000000000c1';
const OTHER_CLOSED_OP = '0b0a8a0e-0000-4000-8000-0000000000c2';
const ACTIVE_OP = '0b0a8a0e-0000-4000-8000-0000000000a1';

function operation(id: string, state: OperationEntity['state']): { operation: OperationEntity; participants: string[] } {
  return {
    operation: { id, state, name: `op ${id}`, coordinatorMember: 'WCO', requiredFields: ['conveyance.containers'] } as OperationEntity,
    participants: ['FR', 'KE'],
  };
}

/** FR's report, version 1, attached to the closed operation. */
function storedRow(): ReportEntity {
  return Object.assign(new ReportEntity(), {
    id: '0b0a8a0e-0000-4000-8000-000000000001',
    currentVersion: 1,
    originatorMember: 'FR',
    submittedBy: FR.subject,
    operationId: CLOSED_OP,
    tlp: 'GREEN',
    distributionLevel: 'operation_participants',
    distributionMembers: [],
    personalDataReleasedTo: [],
    createdAt: new Date('2026-01-10T00:00:00Z'),
    updatedAt: new Date('2026-01-10T00:00:00Z'),
  });
}

describe('ReportSubmissionService (use cases against their seams)', () => {
  let service: ReportSubmissionService;
  const em = {} as EntityManager;
  const repository = { insertFirstVersion: jest.fn(), insertNextVersion: jest.fn() };
  const operations = { findWithParticipants: jest.fn() };
  const events = { reportSubmitted: jest.fn() };
  const idempotency = { execute: jest.fn() };
  const access = { requireAccess: jest.fn() };
  const versions = { readAsReply: jest.fn() };

  beforeEach(async () => {
    jest.resetAllMocks();
    operations.findWithParticipants.mockImplementation(async (_em: EntityManager, id: string) =>
      id === ACTIVE_OP ? operation(id, 'active') : id === CLOSED_OP || id === OTHER_CLOSED_OP ? operation(id, 'closed') : undefined,
    );
    access.requireAccess.mockImplementation(async () => {
      const row = storedRow();
      return { row, facts: accessFactsOf(row), operation: undefined };
    });
    const module = await Test.createTestingModule({
      providers: [
        ReportSubmissionService,
        { provide: DataSource, useValue: { transaction: (work: (m: EntityManager) => Promise<unknown>) => work(em) } },
        { provide: IdempotencyStore, useValue: idempotency },
        { provide: OperationsService, useValue: operations },
        { provide: CorrelationService, useValue: { correlateReport: async () => ({ notices: [] }) } },
        { provide: IntelEvents, useValue: events },
        { provide: ReportAccessService, useValue: access },
        { provide: ReportsRepository, useValue: repository },
        { provide: ReportVersionsService, useValue: versions },
      ],
    }).compile();
    service = module.get(ReportSubmissionService);
  });

  it('keeps a report in its operation after the operation closed, without the template the operation no longer enforces', async () => {
    const view = await service.revise(
      FR,
      storedRow().id,
      minimalSubmission({ operationId: CLOSED_OP, distribution: { level: 'operation_participants' } }),
    );
    expect(view).toMatchObject({ version: 2, currentVersion: 2 });
    expect(repository.insertNextVersion).toHaveBeenCalledTimes(1);
    expect(events.reportSubmitted.mock.calls[0][1]).toMatchObject({ id: storedRow().id, version: 2 });
  });

  it('refuses to move a report into another closed operation, and stores nothing', async () => {
    await expect(
      service.revise(
        FR,
        storedRow().id,
        minimalSubmission({ operationId: OTHER_CLOSED_OP, distribution: { level: 'operation_participants' } }),
      ),
    ).rejects.toBeInstanceOf(OperationNotOpenForReportsError);
    expect(repository.insertNextVersion).not.toHaveBeenCalled();
    expect(events.reportSubmitted).not.toHaveBeenCalled();
  });

  it('refuses a revision by a Member who sees the report but did not originate it, before looking at the operation', async () => {
    await expect(service.revise(KE, storedRow().id, minimalSubmission())).rejects.toBeInstanceOf(NotOriginatorError);
    expect(operations.findWithParticipants).not.toHaveBeenCalled();
    expect(repository.insertNextVersion).not.toHaveBeenCalled();
  });

  it("holds a new report to an active operation's template", async () => {
    await expect(
      service.submit(FR, minimalSubmission({ operationId: ACTIVE_OP, distribution: { level: 'operation_participants' } })),
    ).rejects.toBeInstanceOf(OperationTemplateNotMetError);
    expect(repository.insertFirstVersion).not.toHaveBeenCalled();
  });

  it("keys a retried submission by Member and analyst, so two analysts' keys never meet", async () => {
    idempotency.execute.mockImplementation(
      async (_scope: string, _key: string, _body: unknown, work: (m: EntityManager) => Promise<{ body: unknown }>) => ({
        ...(await work(em)),
        replayed: false,
      }),
    );
    const { view, replayed } = await service.submit(FR, minimalSubmission(), 'key-1');
    expect(idempotency.execute).toHaveBeenCalledWith(
      'intel-exchange:POST /reports:FR:analyst-fr',
      'key-1',
      expect.anything(),
      expect.any(Function),
    );
    expect(replayed).toBe(false);
    expect(view).toMatchObject({ version: 1, originatorMember: 'FR', submittedBy: 'analyst-fr' });
    expect(repository.insertFirstVersion).toHaveBeenCalledTimes(1);
  });

  it('answers a replayed submission from the stored report as the caller reads it now, not from a stored copy', async () => {
    idempotency.execute.mockResolvedValue({ status: 201, body: { reportId: 'r-1', version: 1 }, replayed: true });
    versions.readAsReply.mockResolvedValue({ id: 'r-1', version: 1 });
    const { view, replayed } = await service.submit(FR, minimalSubmission(), 'key-1');
    expect(replayed).toBe(true);
    expect(view).toEqual({ id: 'r-1', version: 1 });
    expect(versions.readAsReply).toHaveBeenCalledWith(FR, 'r-1', 1);
    expect(repository.insertFirstVersion).not.toHaveBeenCalled();
  });
});
