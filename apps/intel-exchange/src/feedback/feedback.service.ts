import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MatchesService } from '../correlation/matches.service';
import { IntelEvents } from '../events/intel-events';
import { OperationsService } from '../operations/operations.service';
import type { Principal } from '@wco/auth';
import { ReportAccessService } from '../access/report-access.service';
import { AnalystRoleRequiredError } from '../reports/reports.errors';
import { FeedbackView, RecordFeedbackDto } from './dto/feedback.dto';
import { FeedbackEntity } from './feedback.entity';
import { MatchNotFoundError } from './feedback.errors';
import { FeedbackRepository } from './feedback.repository';
import { feedbackSeenBy } from './feedback-visibility';

@Injectable()
export class FeedbackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly matches: MatchesService,
    private readonly events: IntelEvents,
    private readonly operations: OperationsService,
    private readonly repository: FeedbackRepository,
  ) {}

  async record(caller: Principal, reportId: string, dto: RecordFeedbackDto): Promise<FeedbackView> {
    if (!caller.roles.includes('member-analyst')) throw new AnalystRoleRequiredError();
    return this.dataSource.transaction(async (em) => {
      await this.access.requireAccess(em, caller, 'read', reportId);
      if (dto.matchId) {
        const party = await this.matches.partyReports(dto.matchId, caller.member);
        if (!party || (party.reportA !== reportId && party.reportB !== reportId)) {
          throw new MatchNotFoundError(dto.matchId, reportId);
        }
      }
      const feedback = em.create(FeedbackEntity, {
        id: randomUUID(),
        reportId,
        matchId: dto.matchId ?? null,
        member: caller.member,
        subject: dto.anonymous ? null : caller.subject,
        outcome: dto.outcome,
        createdAt: new Date(),
      });
      await this.repository.insert(em, feedback);
      await this.events.feedbackRecorded(em, { ...feedback, anonymous: feedback.subject === null, at: feedback.createdAt });
      return toView(feedback);
    });
  }

  /** The feedback the caller may read on a report it may see (see feedback-visibility.ts). */
  async list(caller: Principal, reportId: string): Promise<FeedbackView[]> {
    const em = this.dataSource.manager;
    const visible = await this.access.requireAccess(em, caller, 'read', reportId);
    return feedbackSeenBy(em, (m, id) => this.operations.accessFacts(m, id), caller, reportId, visible.operation);
  }
}

/** The giver's own view of what it recorded. */
function toView(f: FeedbackEntity): FeedbackView {
  return {
    id: f.id,
    reportId: f.reportId,
    matchId: f.matchId,
    member: f.member,
    outcome: f.outcome,
    anonymous: f.subject === null,
    ...(f.subject !== null ? { subject: f.subject } : {}),
    createdAt: f.createdAt.toISOString(),
  };
}
