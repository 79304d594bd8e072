import { Injectable } from '@nestjs/common';
import { IdempotencyStore } from '@wco/persistence';
import { ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canSeePersonalData, canSeeReport, visibilityPredicate } from '../domain/access-policy';
import type { ReportAccessFacts } from '../domain/access-policy';
import type { CommodityCategory, DistributionLevel, ReportType, Tlp } from '../domain/code-lists';
import { validateReport } from './dto/report-submission.dto';
import type { OperationAccessFacts, PersonalData, ReportSubmission } from '../domain/report.types';
import { CorrelationService } from '../correlation/correlation.service';
import { IntelEvents } from '../events/intel-events';
import { OperationsService } from '../operations/operations.service';
import { templateViolations } from '../operations/report-template';
import type { Principal } from '@wco/auth';
import { AccessReceiptsService, ReceiptPage } from '../receipts/access-receipts.service';
import { decodeTimeIdCursor, encodeCursor } from '../common/cursor';
import { CORRECTABLE_SECTIONS, DecideCorrectionDto, ProposeCorrectionDto } from './dto/correction.dto';
import { ListReportsQueryDto } from './dto/list-reports.query';
import type { CorrectionView, ReportPage, ReportVersionSummary, ReportView } from './dto/report.view';
import { accessFactsOf } from './report-access';
import { ReportCorrectionEntity } from './report-correction.entity';
import { ReportPersonalDataEntity } from './report-personal-data.entity';
import { filterColumnsOf } from './report-projection';
import { ReportContent, ReportVersionEntity } from './report-version.entity';
import { ReportEntity } from './report.entity';
import {
  AnalystRoleRequiredError,
  CorrectionAlreadyDecidedError,
  CorrectionNotFoundError,
  NotOriginatorError,
  OperationNotOpenForReportsError,
  ReceiptsForbiddenError,
  ReportNotFoundError,
  ReportPurgedError,
  ReportVersionNotFoundError,
} from './reports.errors';

export interface VisibleReport {
  row: ReportEntity;
  facts: ReportAccessFacts;
  operation?: OperationAccessFacts;
}

/** A stored version as the domain sees it (StoredReport), for export. */
export interface ReadVersion {
  visible: VisibleReport;
  version: ReportVersionEntity;
  personalData?: PersonalData;
}

const SUBMIT_SCOPE = 'intel-exchange:POST /reports';

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly operations: OperationsService,
    private readonly correlation: CorrelationService,
    private readonly receipts: AccessReceiptsService,
    private readonly events: IntelEvents,
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
      return this.writeVersion(em, caller, row, submission, operation, null, now, true);
    };
    if (!idempotencyKey) return { view: await this.dataSource.transaction(work), replayed: false };
    // The key is scoped to the Member and analyst: two analysts cannot collide, nor replay each other's answers.
    const result = await this.idempotency.execute(`${SUBMIT_SCOPE}:${caller.member}:${caller.subject}`, idempotencyKey, submission, async (em) => ({
      status: 201,
      body: await work(em),
    }));
    return { view: result.body, replayed: result.replayed };
  }

  /** A new version by the originating Member. */
  async revise(caller: Principal, id: string, submission: ReportSubmission): Promise<ReportView> {
    requireAnalyst(caller);
    return this.dataSource.transaction(async (em) => {
      const visible = await this.loadVisible(em, caller, id, true);
      if (visible.row.originatorMember !== caller.member) throw new NotOriginatorError(id, 'revise it');
      const operation = await this.checkAttachment(em, caller, submission, visible.row.operationId);
      return this.writeVersion(em, caller, visible.row, submission, operation, null, new Date(), false);
    });
  }

  async get(caller: Principal, id: string): Promise<ReportView> {
    return this.dataSource.transaction(async (em) => {
      const visible = await this.loadVisible(em, caller, id);
      const view = await this.readVersion(em, caller, visible, visible.row.currentVersion);
      await this.receipts.record(em, caller, [{ reportId: id, version: view.version }], 'detail');
      return view;
    });
  }

  async getVersion(caller: Principal, id: string, version: number): Promise<ReportView> {
    return this.dataSource.transaction(async (em) => {
      const visible = await this.loadVisible(em, caller, id);
      const view = await this.readVersion(em, caller, visible, version);
      await this.receipts.record(em, caller, [{ reportId: id, version }], 'version');
      return view;
    });
  }

  async listVersions(caller: Principal, id: string): Promise<ReportVersionSummary[]> {
    const visible = await this.loadVisible(this.dataSource.manager, caller, id);
    const own = visible.row.originatorMember === caller.member;
    const rows = await this.dataSource.getRepository(ReportVersionEntity).find({ where: { reportId: id }, order: { version: 'ASC' } });
    return rows.map((v) => ({
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      correctionId: v.correctionId,
      ...(own ? { submittedBy: v.submittedBy } : {}),
    }));
  }

  /** The version read for an export, with its receipt; the export route decides whether export is allowed. */
  async readForExport(caller: Principal, id: string, em: EntityManager): Promise<ReadVersion> {
    const visible = await this.loadVisible(em, caller, id);
    if (visible.row.purgedAt) throw new ReportPurgedError(id);
    const version = await em.findOneOrFail(ReportVersionEntity, { where: { reportId: id, version: visible.row.currentVersion } });
    const personal = canSeePersonalData(caller, visible.facts, visible.operation)
      ? await em.findOne(ReportPersonalDataEntity, { where: { reportId: id, version: version.version } })
      : null;
    return { visible, version, ...(personal ? { personalData: personal.personalData } : {}) };
  }

  /**
   * Reports the caller may see, filtered and ordered in the database (newest detection first) with the visibility
   * predicate in the WHERE clause: a page never contains a report the caller may not see, and its size does not
   * depend on how many invisible reports exist. Every returned report gets a receipt, in one batch.
   */
  async list(caller: Principal, q: ListReportsQueryDto): Promise<ReportPage> {
    const visibility = visibilityPredicate(caller, 'r', 1);
    const params: unknown[] = [...visibility.params];
    const where: string[] = [visibility.sql, 'r.purged_at IS NULL'];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.operationId) add((p) => `r.operation_id = ${p}`, q.operationId);
    if (q.type) add((p) => `r.type = ${p}`, q.type);
    if (q.commodity) add((p) => `r.commodity_categories @> ARRAY[${p}]::text[]`, q.commodity);
    if (q.hsChapter) add((p) => `r.hs_chapters @> ARRAY[${p}]::text[]`, q.hsChapter);
    if (q.hsHeading) add((p) => `r.hs_headings @> ARRAY[${p}]::text[]`, q.hsHeading);
    if (q.detectedFrom) add((p) => `r.detected_at >= ${p}::timestamptz`, q.detectedFrom);
    if (q.detectedTo) add((p) => `r.detected_at < ${p}::timestamptz`, q.detectedTo);
    if (q.routeCountry) add((p) => `r.route_countries @> ARRAY[${p}]::text[]`, q.routeCountry);
    if (q.concealment) add((p) => `r.concealment = ${p}`, q.concealment);
    if (q.detection) add((p) => `r.detection = ${p}`, q.detection);
    if (q.cursor) {
      const [at, lastId] = decodeTimeIdCursor(q.cursor);
      params.push(at, lastId);
      where.push(`(r.detected_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    // The page (one row more, to know whether another page follows) is chosen on the report table alone; only its
    // rows are joined to their current version. The receipts of the shown rows are written by the same statement.
    const sql = `SELECT page.id AS report_id, page.current_version AS report_version, page.originator_member, page.created_at,
                        page.detected_at, row_number() OVER (ORDER BY page.detected_at DESC, page.id DESC) AS read_order,
                        v.content, v.created_at AS version_created_at, v.submitted_by
                   FROM (SELECT r.id, r.current_version, r.originator_member, r.created_at, r.detected_at
                           FROM report r WHERE ${where.join(' AND ')}
                          ORDER BY r.detected_at DESC, r.id DESC LIMIT $${params.length}) page
                   JOIN report_version v ON v.report_id = page.id AND v.version = page.current_version`;

    return this.dataSource.transaction(async (em) => {
      const rows = await this.receipts.readAndRecord<ListedRow>(em, caller, { sql, params, shown: q.limit }, 'list');
      const page = rows.slice(0, q.limit);
      const items: ReportView[] = page.map((r) =>
        toView(
          caller,
          { id: r.report_id, currentVersion: r.report_version, originatorMember: r.originator_member, createdAt: r.created_at },
          r.report_version,
          r.content,
          r.version_created_at,
          r.submitted_by,
          undefined,
        ),
      );
      const last = rows.length > q.limit ? page[page.length - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor([last.detected_at.toISOString(), last.report_id]) : null };
    });
  }

  async proposeCorrection(caller: Principal, id: string, dto: ProposeCorrectionDto): Promise<CorrectionView> {
    requireAnalyst(caller);
    return this.dataSource.transaction(async (em) => {
      const visible = await this.loadVisible(em, caller, id);
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
      await em.insert(ReportCorrectionEntity, correction);
      return toCorrectionView(correction);
    });
  }

  /** The originating Member sees every proposal; another Member sees its own. */
  async listCorrections(caller: Principal, id: string): Promise<CorrectionView[]> {
    const visible = await this.loadVisible(this.dataSource.manager, caller, id);
    const own = visible.row.originatorMember === caller.member;
    const rows = await this.dataSource.getRepository(ReportCorrectionEntity).find({
      where: own ? { reportId: id } : { reportId: id, proposedByMember: caller.member },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toCorrectionView);
  }

  async decideCorrection(caller: Principal, id: string, correctionId: string, dto: DecideCorrectionDto): Promise<CorrectionView> {
    requireAnalyst(caller);
    return this.dataSource.transaction(async (em) => {
      const visible = await this.loadVisible(em, caller, id, true);
      const correction = await em
        .getRepository(ReportCorrectionEntity)
        .createQueryBuilder('c')
        .where('c.id = :correctionId AND c.report_id = :id', { correctionId, id })
        .setLock('pessimistic_write')
        .getOne();
      if (!correction) throw new CorrectionNotFoundError(correctionId);
      if (visible.row.originatorMember !== caller.member) throw new NotOriginatorError(id, 'decide on corrections');
      if (correction.status !== 'proposed') throw new CorrectionAlreadyDecidedError(correctionId, correction.status);
      if (visible.row.purgedAt) throw new ReportPurgedError(id);
      const now = new Date();
      if (dto.decision === 'accept') {
        const merged = await this.merged(em, visible.row, correction.changes as Record<string, unknown>);
        const result = validateReport(merged);
        // The report may have changed since the proposal; the correction must still make a valid report.
        if (!result.ok) throw new ValidationFailedError(result.errors.map((e) => ({ field: `changes.${e.field}`, reason: e.reason })), { code: 'correction_no_longer_applies' });
        const view = await this.writeVersion(em, caller, visible.row, plain(result.value), visible.operation, correction.id, now, false);
        correction.resultingVersion = view.version;
      }
      correction.status = dto.decision === 'accept' ? 'accepted' : 'rejected';
      correction.decidedAt = now;
      correction.decidedBy = caller.subject;
      correction.decisionReason = dto.reason ?? null;
      await em.update(ReportCorrectionEntity, { id: correction.id }, {
        status: correction.status,
        decidedAt: correction.decidedAt,
        decidedBy: correction.decidedBy,
        decisionReason: correction.decisionReason,
        resultingVersion: correction.resultingVersion,
      });
      return toCorrectionView(correction);
    });
  }

  /** Who read a report: its originating Member's analysts and auditors only. */
  async receiptsOf(caller: Principal, id: string, cursor: string | undefined, limit: number): Promise<ReceiptPage> {
    const em = this.dataSource.manager;
    if (caller.roles.includes('auditor')) {
      const exists = await em.exists(ReportEntity, { where: { id } });
      if (!exists) throw new ReportNotFoundError(id);
    } else {
      const visible = await this.loadVisible(em, caller, id);
      if (visible.row.originatorMember !== caller.member || !caller.roles.includes('member-analyst')) throw new ReceiptsForbiddenError(id);
    }
    return this.receipts.list(id, cursor, limit);
  }

  /** Loads a report the caller may see, or answers 404 as if it did not exist. */
  async loadVisible(em: EntityManager, caller: Principal, id: string, lock = false): Promise<VisibleReport> {
    const qb = em.getRepository(ReportEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw new ReportNotFoundError(id);
    const operation = row.operationId ? await this.operations.accessFacts(em, row.operationId) : undefined;
    const facts = accessFactsOf(row);
    if (!canSeeReport(caller, facts, operation)) throw new ReportNotFoundError(id);
    return { row, facts, operation };
  }

  private async readVersion(em: EntityManager, caller: Principal, visible: VisibleReport, version: number): Promise<ReportView> {
    const { row } = visible;
    if (row.purgedAt) throw new ReportPurgedError(row.id);
    const v = await em.findOne(ReportVersionEntity, { where: { reportId: row.id, version } });
    if (!v) throw new ReportVersionNotFoundError(row.id, version);
    // The current distribution decides, including for older versions: narrowing a report narrows its history.
    const personal = canSeePersonalData(caller, visible.facts, visible.operation)
      ? await em.findOne(ReportPersonalDataEntity, { where: { reportId: row.id, version } })
      : null;
    return toView(caller, row, version, v.content, v.createdAt, v.submittedBy, personal?.personalData);
  }

  /**
   * Stores version `row.currentVersion + 1` (or 1 for a new row, `isNew`), re-projects, correlates and announces it:
   * the report event and its match events go to the outbox in one statement.
   */
  private async writeVersion(
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
      await insertFirstVersion(em, row, content, personalData);
    } else {
      await em.insert(ReportVersionEntity, { reportId: row.id, version, content, submittedBy: caller.subject, createdAt: now, correctionId });
      if (personalData) await em.insert(ReportPersonalDataEntity, { reportId: row.id, version, personalData });
      Object.assign(row, filterColumnsOf(content), { currentVersion: version, updatedAt: now });
      await em.update(ReportEntity, { id: row.id }, { ...filterColumnsOf(content), currentVersion: version, updatedAt: now });
    }
    const correlation = await this.correlation.correlateReport(em, row, content, operation, isNew);
    await this.events.reportSubmitted(em, {
      id: row.id,
      version,
      originatorMember: row.originatorMember,
      operationId: row.operationId,
      type: content.type as ReportType,
      commodities: content.goods.map((g) => g.commodityCategory as CommodityCategory),
      tlp: content.tlp as Tlp,
      distributionLevel: content.distribution.level as DistributionLevel,
      at: now,
    }, correlation.notices);
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
      throw new ValidationFailedError([{ field: 'operationId', reason: 'is not an operation your Member takes part in' }], {
        code: 'not_operation_participant',
      });
    }
    const { operation, participants } = found;
    const staying = currentOperationId === operation.id;
    if (operation.state !== 'active' && !staying) throw new OperationNotOpenForReportsError(operation.id, operation.state);
    if (operation.state === 'active') {
      const missing = templateViolations(submission, operation.requiredFields, operation.name);
      if (missing.length > 0) throw new ValidationFailedError(missing, { code: 'operation_template_not_met' });
    }
    return { id: operation.id, coordinatorMember: operation.coordinatorMember, participantMembers: participants, state: operation.state };
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
    const current = await em.findOneOrFail(ReportVersionEntity, { where: { reportId: row.id, version: row.currentVersion } });
    const personal = await em.findOne(ReportPersonalDataEntity, { where: { reportId: row.id, version: row.currentVersion } });
    return { ...current.content, ...(personal ? { personalData: personal.personalData } : {}), ...changes };
  }
}

/**
 * A new report's row, its version 1 and its personal-data section in one statement (the hot path of a submission;
 * the foreign keys are checked at the end of the statement, when all three rows exist).
 */
async function insertFirstVersion(em: EntityManager, row: ReportEntity, content: ReportContent, personalData: PersonalData | undefined): Promise<void> {
  await em.query(
    `WITH report_row AS (
       INSERT INTO report (id, current_version, originator_member, submitted_by, type, commodity_categories, hs_codes, hs_chapters,
                           hs_headings, detected_at, route_countries, concealment, detection, tlp, distribution_level,
                           distribution_members, operation_id, personal_data_released_to, retention_until, created_at, updated_at)
       VALUES ($1, 1, $2, $3, $4, $5::text[], $6::text[], $7::text[], $8::text[], $9, $10::text[], $11, $12, $13, $14, $15::text[], $16,
               $17::text[], $18, $19, $19)
     ),
     personal AS (
       INSERT INTO restricted.report_personal_data (report_id, version, personal_data) SELECT $1, 1, $21::jsonb WHERE $21::jsonb IS NOT NULL
     )
     INSERT INTO report_version (report_id, version, content, submitted_by, created_at) VALUES ($1, 1, $20::jsonb, $3, $19)`,
    [
      row.id,
      row.originatorMember,
      row.submittedBy,
      row.type,
      row.commodityCategories,
      row.hsCodes,
      row.hsChapters,
      row.hsHeadings,
      row.detectedAt,
      row.routeCountries,
      row.concealment,
      row.detection,
      row.tlp,
      row.distributionLevel,
      row.distributionMembers,
      row.operationId,
      row.personalDataReleasedTo,
      row.retentionUntil,
      row.createdAt,
      JSON.stringify(content),
      personalData ? JSON.stringify(personalData) : null,
    ],
  );
}

function requireAnalyst(caller: Principal): void {
  if (!caller.roles.includes('member-analyst')) throw new AnalystRoleRequiredError();
}

function plain(dto: object): ReportSubmission {
  return JSON.parse(JSON.stringify(dto)) as ReportSubmission;
}

/** A row of the list query: the projection columns a view needs and the current version. */
interface ListedRow {
  report_id: string;
  report_version: number;
  read_order: string;
  originator_member: string;
  created_at: Date;
  detected_at: Date;
  content: ReportContent;
  version_created_at: Date;
  submitted_by: string;
}

function toView(
  caller: Principal,
  row: Pick<ReportEntity, 'id' | 'currentVersion' | 'originatorMember' | 'createdAt'>,
  version: number,
  content: ReportContent,
  versionCreatedAt: Date,
  submittedBy: string,
  personalData: PersonalData | undefined,
): ReportView {
  const own = row.originatorMember === caller.member && caller.roles.includes('member-analyst');
  const { personalDataReleasedTo, ...shared } = content;
  return {
    id: row.id,
    version,
    currentVersion: row.currentVersion,
    originatorMember: row.originatorMember,
    createdAt: row.createdAt.toISOString(),
    versionCreatedAt: versionCreatedAt.toISOString(),
    ...shared,
    ...(own ? { submittedBy, personalDataReleasedTo: personalDataReleasedTo ?? [] } : {}),
    ...(personalData ? { personalData } : {}),
  };
}

function toCorrectionView(c: ReportCorrectionEntity): CorrectionView {
  return {
    id: c.id,
    reportId: c.reportId,
    baseVersion: c.baseVersion,
    proposedByMember: c.proposedByMember,
    changes: c.changes as Record<string, unknown>,
    comment: c.comment,
    status: c.status,
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
    decisionReason: c.decisionReason,
    resultingVersion: c.resultingVersion,
    createdAt: c.createdAt.toISOString(),
  };
}
