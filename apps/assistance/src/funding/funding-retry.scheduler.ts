import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssistanceConfig } from '../config/assistance.config';
import { AssistanceEvents } from '../events/assistance-events';
import { MissionActor, MissionLifecycle } from '../missions/mission-lifecycle';
import { MissionRow, MissionsRepository } from '../missions/missions.repository';

/** Set to false (tests of the HTTP side only) to leave the scheduler out. */
export const FUNDING_RETRIES_ENABLED = Symbol('FUNDING_RETRIES_ENABLED');

/** History entries of the scheduler name it, not a person. */
export const FUNDING_RETRY_ACTOR: MissionActor = { subject: 'scheduler:funding-retry', member: 'WCO' };

/** At most this many missions per look, so one transaction stays short; the rest wait for the next look. */
const BATCH = 100;

/**
 * The wait after attempt `attempt` (1 = the coordinator's request): the reply timeout, doubled for every
 * automatic re-request already made (T, 2T, 4T...).
 */
export function fundingWaitMs(config: Pick<AssistanceConfig, 'FUNDING_REPLY_TIMEOUT_SECONDS'>, attempt: number): number {
  return config.FUNDING_REPLY_TIMEOUT_SECONDS * 1000 * 2 ** Math.max(0, attempt - 1);
}

/**
 * Re-requests funding that budget-audit has not answered: every FUNDING_RETRY_POLL_SECONDS, each pending request
 * whose wait is over is sent again (a new event with the same mission id, line, year and amount: budget-audit
 * reserves once per mission and answers a repeat with the same commitment), up to FUNDING_RETRY_MAX_ATTEMPTS
 * times with doubling waits; after the last wait the mission is marked funding overdue. Every pod runs it with no
 * leader: the due rows are claimed FOR UPDATE SKIP LOCKED, and the re-request (outbox), the mission's change and
 * its history entry commit together, so a mission is never re-requested twice for one wait.
 */
@Injectable()
export class FundingRetryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FundingRetry');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AssistanceConfig,
    private readonly missions: MissionsRepository,
    private readonly lifecycle: MissionLifecycle,
    private readonly events: AssistanceEvents,
    private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .then((n) => n.reRequested + n.overdue > 0 && this.logger.log(`re-requested ${n.reRequested}, marked ${n.overdue} overdue`))
        .catch((e: unknown) => this.logger.error(`the funding retry sweep failed: ${(e as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.config.FUNDING_RETRY_POLL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One look: what is due is re-requested or marked overdue. Public so that a test or an operator can run it. */
  async tick(now: Date = new Date()): Promise<{ reRequested: number; overdue: number }> {
    return this.dataSource.transaction(async (em) => {
      let reRequested = 0;
      let overdue = 0;
      for (const m of await this.missions.dueFundingRequests(em, now, BATCH)) {
        if (m.funding_attempts <= this.config.FUNDING_RETRY_MAX_ATTEMPTS) {
          await this.reRequest(em, m, now);
          reRequested++;
        } else {
          const marked = await this.missions.update(em, m.id, { funding_overdue_at: now, funding_next_attempt_at: null }, now);
          await this.lifecycle.record(em, marked, 'funding_overdue', m.funding_status, FUNDING_RETRY_ACTOR, now, this.attemptsNote(m));
          await this.events.missionNews(em, marked, 'funding_overdue', now);
          overdue++;
        }
      }
      return { reRequested, overdue };
    });
  }

  private async reRequest(em: Parameters<MissionLifecycle['record']>[0], m: MissionRow, now: Date): Promise<void> {
    const attempt = m.funding_attempts + 1;
    const updated = await this.missions.update(
      em,
      m.id,
      { funding_attempts: attempt, funding_next_attempt_at: new Date(now.getTime() + fundingWaitMs(this.config, attempt)) },
      now,
    );
    await this.events.fundingRequested(em, updated);
    await this.lifecycle.record(
      em,
      updated,
      'funding_re_requested',
      m.funding_status,
      FUNDING_RETRY_ACTOR,
      now,
      `no answer from budget-audit: attempt ${attempt} of ${this.config.FUNDING_RETRY_MAX_ATTEMPTS + 1}`,
    );
  }

  private attemptsNote(m: MissionRow): string {
    return `no answer from budget-audit after ${m.funding_attempts} request(s)`;
  }
}
