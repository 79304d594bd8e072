import type { EntityManager } from 'typeorm';
import { canSeeReport } from '../domain/access-policy';
import type { OperationAccessFacts } from '../domain/report.types';
import type { Principal } from '@wco/auth';
import { accessFactsOf } from '../reports/report-access';
import { ReportEntity } from '../reports/report.entity';
import type { FeedbackView } from './dto/feedback.dto';
import { FeedbackEntity } from './feedback.entity';

// What the feedback on a report tells a caller who may see the report. Feedback on a match names a link between
// this report and another one, and the Member who gave it holds one of the two; shown to a caller who may not see
// the other report, it would reveal that report's existence. So:
// 1. Feedback on a match whose other report the caller may not see (or that was purged) is not listed to it at
//    all: shown without its Member and match it would still say that a hidden link exists.
// 2. Anonymous feedback hides the Member from everyone but the giver's own Member and the coordinator of the
//    report's operation; the user who gave it is stored nowhere.
// 3. Who gave a non-anonymous entry (the user) is shown to the giver's own Member only.
// The caller's own Member's entries are always shown whole: it gave them.

/** Looks up each operation once; see OperationsService.accessFacts. */
export type OperationFacts = (em: EntityManager, id: string) => Promise<OperationAccessFacts | undefined>;

interface FeedbackRow {
  id: string;
  report_id: string;
  match_id: string | null;
  member: string;
  subject: string | null;
  outcome: FeedbackEntity['outcome'];
  created_at: Date;
  other_report: string | null;
}

/** The feedback on a report the caller may see (the caller has been authorised on it), oldest first. */
export async function feedbackSeenBy(
  em: EntityManager,
  operationFacts: OperationFacts,
  caller: Principal,
  reportId: string,
  reportOperation: OperationAccessFacts | undefined,
): Promise<FeedbackView[]> {
  const rows: FeedbackRow[] = await em.query(
    `SELECT f.id, f.report_id, f.match_id, f.member, f.subject, f.outcome, f.created_at,
            CASE WHEN m.report_a = f.report_id THEN m.report_b ELSE m.report_a END AS other_report
       FROM feedback f LEFT JOIN report_match m ON m.id = f.match_id
      WHERE f.report_id = $1 ORDER BY f.created_at, f.id`,
    [reportId],
  );
  const others = [...new Set(rows.filter((r) => r.member !== caller.member && r.other_report).map((r) => r.other_report as string))];
  const visibleOthers = new Set<string>();
  if (others.length > 0) {
    const policyCaller = caller;
    const operations = new Map<string, OperationAccessFacts | undefined>();
    for (const other of await em
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .where('r.id IN (:...ids)', { ids: others })
      .getMany()) {
      if (other.purgedAt) continue;
      if (other.operationId && !operations.has(other.operationId))
        operations.set(other.operationId, await operationFacts(em, other.operationId));
      if (canSeeReport(policyCaller, accessFactsOf(other), other.operationId ? operations.get(other.operationId) : undefined))
        visibleOthers.add(other.id);
    }
  }
  const coordinates =
    caller.roles.includes('operation-coordinator') && !!reportOperation && reportOperation.coordinatorMember === caller.member;
  const views: FeedbackView[] = [];
  for (const f of rows) {
    const own = f.member === caller.member;
    // A match id without its row (a match deleted since) links to nothing: shown as feedback on the report.
    if (!own && f.match_id && f.other_report && !visibleOthers.has(f.other_report)) continue;
    const anonymous = f.subject === null;
    views.push({
      id: f.id,
      reportId: f.report_id,
      matchId: f.match_id && f.other_report ? f.match_id : null,
      ...(!anonymous || own || coordinates ? { member: f.member } : {}),
      outcome: f.outcome,
      anonymous,
      ...(!anonymous && own ? { subject: f.subject as string } : {}),
      createdAt: f.created_at.toISOString(),
    });
  }
  return views;
}
