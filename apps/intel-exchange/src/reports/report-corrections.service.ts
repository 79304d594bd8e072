import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ReportAccessService, requireAnalyst } from '../access/report-access.service';
import type { ReportSubmission } from '../domain/report.types';
import { CORRECTABLE_SECTIONS, DecideCorrectionDto, ProposeCorrectionDto } from './dto/correction.dto';
import type { CorrectionView } from './dto/report.view';
import { validateReport } from './dto/report-submission.dto';
import { ReportCorrectionEntity } from './report-correction.entity';
import { ReportSubmissionService } from './report-submission.service';
import { toCorrectionView } from './report-views';
import { ReportsRepository } from './reports.repository';
import { ReportEntity } from './report.entity';
import {
  CorrectionAlreadyDecidedError,
  CorrectionNoLongerAppliesError,
  CorrectionNotFoundError,
  NotOriginatorError,
  ReportPurgedError,
  ReportVersionNotFoundError,
} from './reports.errors';

/** Corrections proposed by other Members and the originating Member's decision on them (accepted = a new version). */
@Injectable()
export class ReportCorrectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly submission: ReportSubmissionService,
    private readonly repository: ReportsRepository,
  ) {}

  async proposeCorrection(caller: Principal, id: string, dto: ProposeCorrectionDto): Promise<CorrectionView> {
    requireAnalyst(caller);
    return this.dataSource.transaction(async (em) => {
      const visible = await this.access.requireAccess(em, caller, 'read', id);
      if (visible.row.purgedAt) throw new ReportPurgedError(id);
      const errors = await this.checkCorrection(em, visible.row, dto.changes);
      if (errors.length > 0) throw new ValidationFailedError(errors);
      const correction = em.create(ReportCorrectionEntity, {
        id: randomUUID(),
        reportId: id,
        baseVersion: visible.row.currentVersion,
        proposedByMember: caller.member,
        proposedBySubject: caller.subject,
        changes: dto.changes,
        comment: dto.comment ?? null,
        status: 'proposed',
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
        resultingVersion: null,
        createdAt: new Date(),
      });
      await this.repository.insertCorrection(em, correction);
      return toCorrectionView(correction);
    });
  }

  /** The originating Member sees every proposal; another Member sees its own. */
  async listCorrections(caller: Principal, id: string): Promise<CorrectionView[]> {
    const visible = await this.access.requireAccess(this.dataSource.manager, caller, 'read', id);
    const own = visible.row.originatorMember === caller.member;
    const rows = await this.repository.listCorrections(this.dataSource.manager, id, own ? undefined : caller.member);
    return rows.map(toCorrectionView);
  }

  async decideCorrection(caller: Principal, id: string, correctionId: string, dto: DecideCorrectionDto): Promise<CorrectionView> {
    requireAnalyst(caller);
    return this.dataSource.transaction(async (em) => {
      const visible = await this.access.requireAccess(em, caller, 'read', id, { lock: true });
      const correction = await this.repository.findCorrectionForUpdate(em, id, correctionId);
      if (!correction) throw new CorrectionNotFoundError(correctionId);
      if (visible.row.originatorMember !== caller.member) throw new NotOriginatorError(id, 'decide on corrections');
      if (correction.status !== 'proposed') throw new CorrectionAlreadyDecidedError(correctionId, correction.status);
      if (visible.row.purgedAt) throw new ReportPurgedError(id);
      const now = new Date();
      if (dto.decision === 'accept') {
        const merged = await this.merged(em, visible.row, correction.changes as Record<string, unknown>);
        const result = validateReport(merged);
        // The report may have changed since the proposal; the correction must still make a valid report.
        if (!result.ok)
          throw new CorrectionNoLongerAppliesError(result.errors.map((e) => ({ field: `changes.${e.field}`, reason: e.reason })));
        const view = await this.submission.storeVersion(
          em,
          caller,
          visible.row,
          plain(result.value),
          visible.operation,
          correction.id,
          now,
          false,
        );
        correction.resultingVersion = view.version;
      }
      correction.status = dto.decision === 'accept' ? 'accepted' : 'rejected';
      correction.decidedAt = now;
      correction.decidedBy = caller.subject;
      correction.decisionReason = dto.reason ?? null;
      await this.repository.updateDecision(em, correction);
      return toCorrectionView(correction);
    });
  }

  private async checkCorrection(em: EntityManager, row: ReportEntity, changes: Record<string, unknown>): Promise<FieldError[]> {
    const allowed: ReadonlySet<string> = new Set(CORRECTABLE_SECTIONS);
    const keys = Object.keys(changes);
    const errors: FieldError[] = keys
      .filter((k) => !allowed.has(k))
      .map((k) => ({ field: `changes.${k}`, reason: `is not a section others may correct (allowed: ${CORRECTABLE_SECTIONS.join(', ')})` }));
    if (keys.length === 0) errors.push({ field: 'changes', reason: 'must change at least one section' });
    if (errors.length > 0) return errors;
    const result = validateReport(await this.merged(em, row, changes));
    return result.ok ? [] : result.errors.map((e) => ({ field: `changes.${e.field}`, reason: e.reason }));
  }

  private async merged(em: EntityManager, row: ReportEntity, changes: Record<string, unknown>): Promise<Record<string, unknown>> {
    const current = await this.repository.findVersion(em, row.id, row.currentVersion);
    if (!current) throw new ReportVersionNotFoundError(row.id, row.currentVersion);
    const personal = await this.repository.findPersonalData(em, row.id, row.currentVersion);
    return { ...current.content, ...(personal ? { personalData: personal.personalData } : {}), ...changes };
  }
}

function plain(dto: object): ReportSubmission {
  return JSON.parse(JSON.stringify(dto)) as ReportSubmission;
}
