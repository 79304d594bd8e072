import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MatchesService } from '../correlation/matches.service';
import { IntelEvents } from '../events/intel-events';
import type { Principal } from '@wco/auth';
import { AnalystRoleRequiredError } from '../reports/reports.errors';
import { ReportAccessService } from '../access/report-access.service';
import { FeedbackView, RecordFeedbackDto } from './dto/feedback.dto';
import { FeedbackEntity } from './feedback.entity';
import { MatchNotFoundError } from './feedback.errors';
import { FeedbackRepository } from './feedback.repository';

@Injectable()
export class FeedbackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly matches: MatchesService,
    private readonly events: IntelEvents,
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
      await this.events.feedbackRecorded(em, { ...feedback, at: feedback.createdAt });
      return toView(feedback, caller);
    });
  }

  async list(caller: Principal, reportId: string): Promise<FeedbackView[]> {
    await this.access.requireAccess(this.dataSource.manager, caller, 'read', reportId);
    const rows = await this.repository.listForReport(this.dataSource.manager, reportId);
    return rows.map((f) => toView(f, caller));
  }
}

function toView(f: FeedbackEntity, caller: Principal): FeedbackView {
  return {
    id: f.id,
    reportId: f.reportId,
    matchId: f.matchId,
    member: f.member,
    outcome: f.outcome,
    anonymous: f.subject === null,
    ...(f.subject !== null && f.member === caller.member ? { subject: f.subject } : {}),
    createdAt: f.createdAt.toISOString(),
  };
}
