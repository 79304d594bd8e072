import { Injectable, Logger } from '@nestjs/common';
import { FundingCancelledEvent, FundingCostPostedEvent, FundingRequestedEvent } from '@wco/contracts';
import type { FundingRejectionReason } from '@wco/contracts';
import { PoisonEventError } from '@wco/messaging';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { requestHash } from '../access/finance-access';
import { BudgetAuditEvents } from '../events/budget-audit-events';
import { CommitmentsService } from '../ledger/commitments.service';
import {
  FiscalYearClosedError,
  FiscalYearNotOpenError,
  InsufficientFundsError,
  UnknownFiscalYearError,
  UnknownLineError,
} from '../ledger/ledger.errors';
import { LedgerRepository } from '../ledger/ledger.repository';

/** Who the saga's writes are recorded as (created_by). */
export const SAGA_ACTOR = 'saga:assistance.funding';

/**
 * budget-audit's side of the mission-funding saga (DESIGN.md): a funding request reserves the mission's estimate
 * on its line or is rejected with a reason code; the actual cost posts the reservation (the rest released); a
 * cancellation voids it. Each handler runs in the consumer's inbox transaction, so its effect, its answer (outbox)
 * and the event's dedup commit together: a redelivered event changes nothing. A later event for a mission already
 * settled the same way answers again as before, so assistance may retry with a new event.
 */
@Injectable()
export class FundingService {
  private readonly logger = new Logger(FundingService.name);

  constructor(
    private readonly commitments: CommitmentsService,
    private readonly ledger: LedgerRepository,
    private readonly events: BudgetAuditEvents,
  ) {}

  async onRequested(e: FundingRequestedEvent, em: EntityManager): Promise<void> {
    const existing = await this.ledger.findCommitmentOfMission(e.missionId, em);
    if (existing) {
      if (existing.status !== 'pending')
        throw new PoisonEventError(`mission ${e.missionId} already has a ${existing.status} commitment ${existing.id}`);
      await this.events.fundingReserved(em, {
        missionId: e.missionId,
        commitmentId: existing.id,
        amountCents: Number(existing.amount_cents),
      });
      return;
    }
    const id = commitmentIdOf(e.missionId);
    const reservation = {
      id,
      year: e.fiscalYear,
      lineCode: e.lineCode,
      amount: BigInt(e.amountCents),
      description: `Mission ${e.missionId} (${e.requestedBy})`,
      missionId: e.missionId,
    };
    try {
      await this.commitments.reserveIn(em, SAGA_ACTOR, reservation, requestHash({ ...e }));
    } catch (error) {
      const reason = rejectionReason(error);
      if (!reason) throw error;
      await this.events.fundingRejected(em, { missionId: e.missionId, reason, detail: (error as Error).message.slice(0, 500) });
      return;
    }
    await this.events.fundingReserved(em, { missionId: e.missionId, commitmentId: id, amountCents: e.amountCents });
  }

  async onCostPosted(e: FundingCostPostedEvent, em: EntityManager): Promise<void> {
    const c = await this.ledger.findCommitmentOfMission(e.missionId, em);
    if (!c) throw new PoisonEventError(`no funding reserved for mission ${e.missionId}`);
    if (c.status === 'expired') {
      await this.events.fundingRejected(em, {
        missionId: e.missionId,
        reason: 'closed_year',
        detail: `the reservation expired when fiscal year ${c.fiscal_year} closed`,
      });
      return;
    }
    if (c.status === 'voided') throw new PoisonEventError(`the funding of mission ${e.missionId} was cancelled`);
    if (c.status === 'pending' && BigInt(e.actualCents) > BigInt(c.amount_cents)) {
      await this.events.fundingRejected(em, {
        missionId: e.missionId,
        reason: 'insufficient_funds',
        detail: `actual cost ${e.actualCents} cents exceeds the ${c.amount_cents} cents reserved`,
      });
      return;
    }
    // A second cost for a mission already posted answers as the first did (posting is once, as in TigerBeetle).
    const settled = c.status === 'posted' ? c : await this.commitments.postIn(em, SAGA_ACTOR, c.id, BigInt(e.actualCents));
    await this.events.fundingPosted(em, {
      missionId: e.missionId,
      commitmentId: c.id,
      postedCents: Number(settled.posted_cents),
      releasedCents: Number(settled.released_cents),
    });
  }

  async onCancelled(e: FundingCancelledEvent, em: EntityManager): Promise<void> {
    const c = await this.ledger.findCommitmentOfMission(e.missionId, em);
    if (!c) {
      // A mission whose funding was rejected (or never asked) has nothing to release.
      this.logger.log(`mission ${e.missionId} cancelled without a reservation: nothing to release`);
      return;
    }
    if (c.status === 'posted')
      throw new PoisonEventError(`mission ${e.missionId} is already posted; cancel it with a reversal in the ledger`);
    const settled = c.status === 'pending' ? await this.commitments.voidIn(em, c.id) : c;
    await this.events.fundingReleased(em, { missionId: e.missionId, commitmentId: c.id, releasedCents: Number(settled.released_cents) });
  }
}

function rejectionReason(error: unknown): FundingRejectionReason | null {
  if (error instanceof InsufficientFundsError) return 'insufficient_funds';
  if (error instanceof UnknownLineError) return 'unknown_line';
  if (error instanceof FiscalYearClosedError || error instanceof FiscalYearNotOpenError || error instanceof UnknownFiscalYearError)
    return 'closed_year';
  return null;
}

/** One commitment per mission, with an id derived from the mission's. */
function commitmentIdOf(missionId: string): string {
  const h = createHash('sha256').update(`mission-funding:${missionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
