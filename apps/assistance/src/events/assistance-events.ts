import { Injectable } from '@nestjs/common';
import { FundingCancelledEvent, FundingCostPostedEvent, FundingRequestedEvent, MissionNewsEvent, RequestMovedEvent } from '@wco/contracts';
import type { MissionNews, RequestState } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { MissionRow } from '../missions/missions.repository';
import type { RequestRow } from '../requests/requests.repository';
import { AssistanceTopics } from './assistance-topics';

// Maps the service's rows onto the event contracts of @wco/contracts and writes the events into the outbox of the
// caller's transaction, so a state change and its event commit together. Nothing else in the service touches the
// outbox. No event carries personal data (contacts, expert names): the contracts have no field for it.

export const SERVICE_SOURCE = '/assistance';

@Injectable()
export class AssistanceEvents {
  constructor(
    private readonly topics: AssistanceTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  async fundingRequested(em: EntityManager, m: MissionRow): Promise<void> {
    const data: FundingRequestedEvent = {
      missionId: m.id,
      lineCode: m.budget_line,
      fiscalYear: m.fiscal_year,
      amountCents: estimateCents(m),
      requestedBy: m.member,
    };
    await this.outbox.add(em, {
      type: FundingRequestedEvent.type,
      topic: this.topics.of(FundingRequestedEvent.topic),
      subject: m.id,
      data,
    });
  }

  async fundingCostPosted(em: EntityManager, m: MissionRow, actualCents: number): Promise<void> {
    const data: FundingCostPostedEvent = { missionId: m.id, actualCents };
    await this.outbox.add(em, {
      type: FundingCostPostedEvent.type,
      topic: this.topics.of(FundingCostPostedEvent.topic),
      subject: m.id,
      data,
    });
  }

  fundingCancelledEvent(m: MissionRow): OutboxEvent {
    const data: FundingCancelledEvent = { missionId: m.id };
    return { type: FundingCancelledEvent.type, topic: this.topics.of(FundingCancelledEvent.topic), subject: m.id, data };
  }

  /**
   * Writes events built by the `...Event` methods with one outbox statement, in order: a change that moves several
   * missions (a request scheduled or cancelled) pays one round trip for all their events, not one per event.
   */
  async write(em: EntityManager, events: OutboxEvent[]): Promise<void> {
    await this.outbox.addMany(em, events);
  }

  /**
   * News of a mission for the requesting Member only (`m.member`). A follow-up visit's news names the visit and
   * carries its planned date instead of the mission's dates.
   */
  async missionNews(
    em: EntityManager,
    m: MissionRow,
    news: MissionNews,
    at: Date,
    followUp?: { id: string; plannedDate: string },
  ): Promise<void> {
    await this.write(em, [this.missionNewsEvent(m, news, at, followUp)]);
  }

  missionNewsEvent(m: MissionRow, news: MissionNews, at: Date, followUp?: { id: string; plannedDate: string }): OutboxEvent {
    const data: MissionNewsEvent = {
      missionId: m.id,
      requestId: m.request_id,
      member: m.member,
      news,
      title: m.title,
      startDate: followUp?.plannedDate ?? m.start_date,
      endDate: followUp?.plannedDate ?? m.end_date,
      occurredAt: at.toISOString(),
      ...(followUp ? { followUpId: followUp.id } : {}),
    };
    return { type: MissionNewsEvent.type, topic: this.topics.of(MissionNewsEvent.topic), subject: m.id, data };
  }

  /** A move of a request's workflow, for its Member (the actor, a user id, stays in the history). */
  async requestMoved(em: EntityManager, r: RequestRow, from: RequestState, reason: string | null, at: Date): Promise<void> {
    const data: RequestMovedEvent = {
      requestId: r.id,
      member: r.member,
      from,
      to: r.state,
      version: r.version,
      title: r.title,
      ...(reason ? { reason } : {}),
      ...(r.duplicate_of ? { duplicateOf: r.duplicate_of } : {}),
      occurredAt: at.toISOString(),
    };
    await this.outbox.add(em, { type: RequestMovedEvent.type, topic: this.topics.of(RequestMovedEvent.topic), subject: r.id, data });
  }
}

/** The estimate is the sum of its parts, all integer cents (bigint columns come back as text). */
export function estimateCents(m: Pick<MissionRow, 'travel_cents' | 'subsistence_cents' | 'fees_cents'>): number {
  return Number(m.travel_cents) + Number(m.subsistence_cents) + Number(m.fees_cents);
}
