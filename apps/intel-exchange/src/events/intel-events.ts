import { Injectable } from '@nestjs/common';
import {
  AccessKind,
  AccessRecordedEvent,
  FeedbackOutcome,
  FeedbackRecordedEvent,
  IndicatorKind,
  MatchFoundEvent,
  OperationChange,
  OperationChangedEvent,
  OperationStatus,
  ReportLifecycleAction,
  ReportPurgedEvent,
  ReportRevisedEvent,
  ReportSubmittedEvent,
  Tlp as ContractTlp,
} from '@wco/contracts';
import type { TopicName } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { OperationState, Tlp } from '../domain/code-lists';
import type { IndicatorKind as DomainIndicatorKind } from '../domain/indicators';
import type { FeedbackOutcomeCode } from '../feedback/feedback.entity';
import { IntelTopics } from './intel-topics';

// Writes the service's events into the outbox of the caller's transaction. Nothing else in the service touches the
// outbox. The contracts spell their vocabulary as the API does, so values pass through unchanged; `SPELLING` below
// stops the build if a code list and its contract enum drift apart.

export const SERVICE_SOURCE = '/intel-exchange';

/** `true` when the domain's codes and the contract enum's values are the same set of words. */
type SameWords<Domain extends string, Contract extends string> = [Domain] extends [Contract]
  ? [Contract] extends [Domain]
    ? true
    : false
  : false;
const SPELLING: {
  tlp: SameWords<Tlp, `${ContractTlp}`>;
  feedback: SameWords<FeedbackOutcomeCode, `${FeedbackOutcome}`>;
  operationStatus: SameWords<OperationState, `${OperationStatus}`>;
  accessKind: SameWords<ReceiptFacts['kind'], `${AccessKind}`>;
  indicatorKind: SameWords<DomainIndicatorKind, `${IndicatorKind}`>;
  operationChange: SameWords<OperationChangeCode, `${OperationChange}`>;
} = {
  tlp: true,
  feedback: true,
  operationStatus: true,
  accessKind: true,
  indicatorKind: true,
  operationChange: true,
};
void SPELLING;

/** A domain code as the contract enum of the same spelling (checked by SPELLING). */
const same = <E extends string>(code: `${E}`): E => code as E;

export type OperationChangeCode = 'created' | 'updated' | 'participant_admitted' | 'participant_removed' | 'closed';

const INDICATOR_KINDS = new Set<string>(Object.values(IndicatorKind));

/** A report event says which report changed and nothing else (see ReportClassificationFacts in @wco/contracts). */
export interface ReportEventFacts {
  id: string;
  version: number;
  at: Date;
}

export interface MatchNotice {
  matchId: string;
  memberToNotify: string;
  /** The notified Member's own report. */
  reportId: string;
  /** The other report; absent when the notified Member may not see it. */
  matchedReportId?: string;
  indicatorKinds: string[];
  at: Date;
}

export interface ReceiptFacts {
  id: string;
  reportId: string;
  reportVersion: number;
  accessorMember: string;
  accessorSubject: string;
  /** The role the read was allowed through. */
  accessorRole: string;
  /** The report as it stood when read, so that the receipt stands alone on the audit stream. */
  originatorMember: string;
  tlp: Tlp;
  operationId: string | null;
  kind: 'detail' | 'version' | 'list' | 'export';
  at: Date;
}

@Injectable()
export class IntelEvents {
  constructor(
    private readonly topics: IntelTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * The report's submitted (version 1) or revised event, and the match events its correlation found, in one outbox
   * statement: a submission costs one round trip to the outbox whatever the number of matches.
   */
  async reportSubmitted(em: EntityManager, r: ReportEventFacts, matches: readonly MatchNotice[] = []): Promise<void> {
    const report: PendingEvent =
      r.version === 1
        ? { contract: ReportSubmittedEvent, subject: r.id, data: { reportId: r.id, version: 1, submittedAt: r.at.toISOString() } }
        : { contract: ReportRevisedEvent, subject: r.id, data: { reportId: r.id, version: r.version, revisedAt: r.at.toISOString() } };
    await this.writeAll(em, [report, ...matchEvents(matches)]);
  }

  async reportPurged(em: EntityManager, reportId: string, at: Date): Promise<void> {
    await this.write(em, ReportPurgedEvent, reportId, {
      reportId,
      action: ReportLifecycleAction.Purged,
      purgedAt: at.toISOString(),
    });
  }

  async accessRecorded(em: EntityManager, receipts: readonly ReceiptFacts[]): Promise<void> {
    await this.writeMany(
      em,
      AccessRecordedEvent,
      receipts.map((r) => ({
        subject: r.reportId,
        data: {
          receiptId: r.id,
          reportId: r.reportId,
          reportVersion: r.reportVersion,
          accessorMember: r.accessorMember,
          accessorSubject: r.accessorSubject,
          accessorRole: r.accessorRole,
          originatorMember: r.originatorMember,
          tlp: same<ContractTlp>(r.tlp),
          ...(r.operationId ? { operationId: r.operationId } : {}),
          accessKind: same<AccessKind>(r.kind),
          accessedAt: r.at.toISOString(),
        },
      })),
    );
  }

  async feedbackRecorded(
    em: EntityManager,
    f: {
      id: string;
      reportId: string;
      matchId?: string | null;
      member: string;
      anonymous: boolean;
      outcome: FeedbackOutcomeCode;
      at: Date;
    },
  ): Promise<void> {
    await this.write(em, FeedbackRecordedEvent, f.reportId, {
      feedbackId: f.id,
      reportId: f.reportId,
      ...(f.matchId ? { matchId: f.matchId } : {}),
      ...(f.anonymous ? {} : { member: f.member }),
      outcome: same<FeedbackOutcome>(f.outcome),
      recordedAt: f.at.toISOString(),
    });
  }

  async operationChanged(
    em: EntityManager,
    op: { id: string; version: number; state: OperationState; coordinatorMember: string; participants: string[]; updatedAt: string },
    change: OperationChangeCode,
  ): Promise<void> {
    const status = same<OperationStatus>(op.state);
    await this.write(em, OperationChangedEvent, op.id, {
      operationId: op.id,
      version: op.version,
      change: same<OperationChange>(change),
      status,
      coordinatorMember: op.coordinatorMember,
      participants: op.participants,
      changedAt: op.updatedAt,
    });
  }

  private async write(em: EntityManager, contract: EventClass, subject: string, data: object): Promise<void> {
    await this.writeMany(em, contract, [{ subject, data }]);
  }

  private async writeMany(em: EntityManager, contract: EventClass, events: { subject: string; data: object }[]): Promise<void> {
    await this.writeAll(
      em,
      events.map((e) => ({ contract, ...e })),
    );
  }

  private async writeAll(em: EntityManager, events: readonly PendingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.outbox.addMany(
      em,
      events.map((e) => ({ type: e.contract.type, topic: this.topics.of(e.contract.topic), subject: e.subject, data: e.data })),
    );
  }
}

interface EventClass {
  type: string;
  topic: TopicName;
}

interface PendingEvent {
  contract: EventClass;
  subject: string;
  data: object;
}

function matchEvents(notices: readonly MatchNotice[]): PendingEvent[] {
  return notices.map((n) => ({
    contract: MatchFoundEvent,
    subject: n.matchId,
    data: {
      matchId: n.matchId,
      reportId: n.reportId,
      ...(n.matchedReportId ? { matchedReportId: n.matchedReportId } : {}),
      memberToNotify: n.memberToNotify,
      indicatorKinds: n.indicatorKinds.filter((k) => INDICATOR_KINDS.has(k)),
      matchedAt: n.at.toISOString(),
    },
  }));
}
