import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ReportAccessService, requireAnalyst } from '../access/report-access.service';
import { CorrelationService } from '../correlation/correlation.service';
import type { OperationAccessFacts, ReportSubmission } from '../domain/report.types';
import { IntelEvents } from '../events/intel-events';
import { OperationsService } from '../operations/operations.service';
import { templateViolations } from '../operations/report-template';
import type { ReportView } from './dto/report.view';
import { filterColumnsOf } from './report-projection';
import { toView } from './report-views';
import { ReportEntity } from './report.entity';
import { ReportVersionsService } from './report-versions.service';
import { ReportsRepository } from './reports.repository';
import {
  NotOperationParticipantError,
  NotOriginatorError,
  OperationNotOpenForReportsError,
  OperationTemplateNotMetError,
} from './reports.errors';

const SUBMIT_SCOPE = 'intel-exchange:POST /reports';

/**
 * What the idempotency store keeps of a submission's answer: a reference, not the view. The view holds the
 * personal-data section, which lives in the restricted schema only, and content that retention must be able to
 * purge; the idempotency_key table is in the public schema and outlives neither.
 */
export interface StoredSubmissionReply {
  reportId: string;
  version: number;
}

function storedReplyOf(view: ReportView): StoredSubmissionReply {
  return { reportId: view.id, version: view.version };
}

/** Submission of a report and of its new versions: attachment to an operation, storage, correlation, events. */
@Injectable()
export class ReportSubmissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly operations: OperationsService,
    private readonly correlation: CorrelationService,
    private readonly events: IntelEvents,
    private readonly access: ReportAccessService,
    private readonly repository: ReportsRepository,
    private readonly versions: ReportVersionsService,
  ) {}

  async submit(caller: Principal, submission: ReportSubmission, idempotencyKey?: string): Promise<{ view: ReportView; replayed: boolean }> {
    requireAnalyst(caller);
    const work = async (em: EntityManager): Promise<ReportView> => {
      const operation = await this.checkAttachment(em, caller, submission, undefined);
      const now = new Date();
      const row = Object.assign(new ReportEntity(), {
        id: randomUUID(),
        currentVersion: 1,
        originatorMember: caller.member,
        submittedBy: caller.subject,
        ...filterColumnsOf(submission),
        createdAt: now,
        updatedAt: now,
        purgedAt: null,
      });
      return this.storeVersion(em, caller, row, submission, operation, null, now, true);
    };
    if (!idempotencyKey) return { view: await this.dataSource.transaction(work), replayed: false };
    // The key is scoped to the Member and analyst: two analysts cannot collide, nor replay each other's answers.
    let created: ReportView | undefined;
    const result = await this.idempotency.execute(
      `${SUBMIT_SCOPE}:${caller.member}:${caller.subject}`,
      idempotencyKey,
      submission,
      async (em) => {
        created = await work(em);
        return { status: 201, body: storedReplyOf(created) };
      },
    );
    if (!result.replayed && created) return { view: created, replayed: false };
    // The answer to a retry is rebuilt from the stored report as the caller reads it now, never stored whole.
    return { view: await this.versions.readAsReply(caller, result.body.reportId, result.body.version), replayed: true };
  }

  /** A new version by the originating Member. */
  async revise(caller: Principal, id: string, submission: ReportSubmission): Promise<ReportView> {
    requireAnalyst(caller);
    return this.dataSource.transaction(async (em) => {
      const visible = await this.access.requireAccess(em, caller, 'read', id, { lock: true });
      if (visible.row.originatorMember !== caller.member) throw new NotOriginatorError(id, 'revise it');
      const operation = await this.checkAttachment(em, caller, submission, visible.row.operationId);
      return this.storeVersion(em, caller, visible.row, submission, operation, null, new Date(), false);
    });
  }

  /**
   * Stores version `row.currentVersion + 1` (or 1 for a new row, `isNew`), re-projects, correlates and announces it:
   * the report event and its match events go to the outbox in one statement.
   */
  async storeVersion(
    em: EntityManager,
    caller: Principal,
    row: ReportEntity,
    submission: ReportSubmission,
    operation: OperationAccessFacts | undefined,
    correctionId: string | null,
    now: Date,
    isNew: boolean,
  ): Promise<ReportView> {
    const { personalData, ...content } = submission;
    const version = isNew ? 1 : row.currentVersion + 1;
    if (isNew) {
      await this.repository.insertFirstVersion(em, row, content, personalData);
    } else {
      const projection = filterColumnsOf(content);
      await this.repository.insertNextVersion(
        em,
        { reportId: row.id, version, content, submittedBy: caller.subject, createdAt: now, correctionId },
        personalData,
        projection,
      );
      Object.assign(row, projection, { currentVersion: version, updatedAt: now });
    }
    const correlation = await this.correlation.correlateReport(em, row, content, operation, isNew);
    await this.events.reportSubmitted(em, { id: row.id, version, at: now }, correlation.notices);
    return toView(caller, row, version, content, now, caller.subject, personalData);
  }

  /**
   * Reports join an operation only through its participants while it is active, and must then fill the
   * operation's template. Keeping an operation on a new version is allowed after the operation closed.
   */
  private async checkAttachment(
    em: EntityManager,
    caller: Principal,
    submission: ReportSubmission,
    currentOperationId: string | null | undefined,
  ): Promise<OperationAccessFacts | undefined> {
    if (!submission.operationId) return undefined;
    const found = await this.operations.findWithParticipants(em, submission.operationId);
    if (!found || !found.participants.includes(caller.member)) {
      throw new NotOperationParticipantError();
    }
    const { operation, participants } = found;
    const staying = currentOperationId === operation.id;
    if (operation.state !== 'active' && !staying) throw new OperationNotOpenForReportsError(operation.id, operation.state);
    if (operation.state === 'active') {
      const missing = templateViolations(submission, operation.requiredFields, operation.name);
      if (missing.length > 0) throw new OperationTemplateNotMetError(missing);
    }
    return { id: operation.id, coordinatorMember: operation.coordinatorMember, participantMembers: participants, state: operation.state };
  }
}
