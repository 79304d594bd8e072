import { Injectable } from '@nestjs/common';
import type { FundingRejectionReason } from '@wco/contracts';
import { PoisonEventError } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import { AssistanceEvents } from '../events/assistance-events';
import type { RequestRow } from '../requests/requests.repository';
import { MissionChange, MissionRow, MissionsRepository } from './missions.repository';

/** Who a history entry names: a user (token subject and Member) or one of the service's own processes. */
export interface MissionActor {
  subject: string;
  member: string;
}
/** budget-audit's answers are recorded under this actor. */
export const BUDGET_AUDIT_ACTOR: MissionActor = { subject: 'budget-audit', member: 'WCO' };

/*
 * The missions' side of every change that is not a mission route: the request's workflow moving them along, and
 * budget-audit's answers in the funding saga. Each step reads the mission locked, changes it only from the
 * status the step expects (so a late or repeated answer changes nothing) and writes its events in the same
 * transaction.
 */
@Injectable()
export class MissionLifecycle {
  constructor(
    private readonly missions: MissionsRepository,
    private readonly events: AssistanceEvents,
  ) {}

  async onRequestMoved(em: EntityManager, request: RequestRow, at: Date, actor: MissionActor): Promise<void> {
    const missions = await this.missions.ofRequest(em, request.id, true);
    const reason = `request moved to ${request.state}`;
    switch (request.state) {
      case 'scheduled': {
        const events: OutboxEvent[] = [];
        for (const m of missions.filter((x) => x.state === 'planned' && x.funding_status === 'funded')) {
          const scheduled = await this.missions.update(em, m.id, { state: 'scheduled' }, at);
          await this.record(em, scheduled, 'state', m.state, actor, at, reason);
          events.push(this.events.missionNewsEvent(scheduled, 'scheduled', at));
        }
        await this.events.write(em, events);
        return;
      }
      case 'in_delivery':
        for (const m of missions.filter((x) => x.state === 'scheduled')) {
          await this.record(em, await this.missions.update(em, m.id, { state: 'in_delivery' }, at), 'state', m.state, actor, at, reason);
        }
        return;
      case 'cancelled': {
        const events: OutboxEvent[] = [];
        for (const m of missions.filter((x) => x.state !== 'delivered' && x.state !== 'cancelled'))
          events.push(...(await this.cancelled(em, m, at, actor, reason)).events);
        await this.events.write(em, events);
        return;
      }
      default:
        return;
    }
  }

  /** Cancels a mission; whatever was asked of or reserved by the budget is released by a funding.cancelled event. */
  async cancel(em: EntityManager, m: MissionRow, at: Date, actor: MissionActor, reason: string | null = null): Promise<MissionRow> {
    const { mission, events } = await this.cancelled(em, m, at, actor, reason);
    await this.events.write(em, events);
    return mission;
  }

  /** Cancels the mission and its history says so; returns the events to write (the release, the Member's news). */
  private async cancelled(
    em: EntityManager,
    m: MissionRow,
    at: Date,
    actor: MissionActor,
    reason: string | null,
  ): Promise<{ mission: MissionRow; events: OutboxEvent[] }> {
    const release = m.funding_status === 'pending' || m.funding_status === 'funded';
    const cancelled = await this.missions.update(em, m.id, { state: 'cancelled', ...(release ? { funding_status: 'releasing' } : {}) }, at);
    await this.record(em, cancelled, 'state', m.state, actor, at, reason);
    const events = [
      ...(release ? [this.events.fundingCancelledEvent(cancelled)] : []),
      this.events.missionNewsEvent(cancelled, 'cancelled', at),
    ];
    return { mission: cancelled, events };
  }

  async allDelivered(em: EntityManager, requestId: string): Promise<boolean> {
    const missions = await this.missions.ofRequest(em, requestId);
    return missions.some((m) => m.state === 'delivered') && missions.every((m) => m.state === 'delivered' || m.state === 'cancelled');
  }

  async onFundingReserved(em: EntityManager, missionId: string, at: Date): Promise<void> {
    const m = await this.locked(em, missionId);
    if (m.funding_status !== 'pending') return;
    const funded = await this.missions.update(
      em,
      m.id,
      { funding_status: 'funded', funding_reason: null, funding_next_attempt_at: null },
      at,
    );
    await this.record(em, funded, 'funding_answer', m.funding_status, BUDGET_AUDIT_ACTOR, at);
    await this.events.missionNews(em, funded, 'funded', at);
  }

  /**
   * A rejection answers the open step: a funding request (pending), or the posting of an actual cost above what was
   * reserved (posting, insufficient_funds). Either way the mission shows it with the reason.
   */
  async onFundingRejected(em: EntityManager, missionId: string, reason: FundingRejectionReason, at: Date): Promise<void> {
    const m = await this.locked(em, missionId);
    if (m.funding_status !== 'pending' && m.funding_status !== 'posting') return;
    const rejected = await this.missions.update(
      em,
      m.id,
      { funding_status: 'rejected', funding_reason: reason, funding_next_attempt_at: null },
      at,
    );
    await this.record(em, rejected, 'funding_answer', m.funding_status, BUDGET_AUDIT_ACTOR, at, reason);
    await this.events.missionNews(em, rejected, 'funding_rejected', at);
  }

  async onFundingPosted(em: EntityManager, missionId: string, at: Date): Promise<void> {
    const m = await this.locked(em, missionId);
    if (m.funding_status === 'posting')
      await this.record(
        em,
        await this.missions.update(em, m.id, { funding_status: 'posted' }, at),
        'funding_answer',
        m.funding_status,
        BUDGET_AUDIT_ACTOR,
        at,
      );
  }

  async onFundingReleased(em: EntityManager, missionId: string, at: Date): Promise<void> {
    const m = await this.locked(em, missionId);
    if (m.funding_status === 'releasing')
      await this.record(
        em,
        await this.missions.update(em, m.id, { funding_status: 'released' }, at),
        'funding_answer',
        m.funding_status,
        BUDGET_AUDIT_ACTOR,
        at,
      );
  }

  /**
   * One entry of the mission's history, written in the transaction of the change. `after` is the mission as
   * changed; the entry's value is the field the change is about (state, logistics or funding status).
   */
  async record(
    em: EntityManager,
    after: MissionRow,
    change: MissionChange,
    from: string | null,
    actor: MissionActor,
    at: Date,
    reason: string | null = null,
  ): Promise<void> {
    const to =
      change === 'logistics' ? after.logistics_status : change === 'state' || change === 'planned' ? after.state : after.funding_status;
    await this.missions.recordHistory(em, after.id, {
      change,
      from_value: from,
      to_value: to,
      actor: actor.subject,
      actor_member: actor.member,
      reason,
      version: after.version,
      at,
    });
  }

  private async locked(em: EntityManager, missionId: string): Promise<MissionRow> {
    const m = await this.missions.findById(missionId, em, true);
    // An answer about a mission this service never had is not retried: it goes to the DLQ, where someone looks at it.
    if (!m) throw new PoisonEventError(`no mission ${missionId} in assistance`, 'UNKNOWN_MISSION');
    return m;
  }
}
