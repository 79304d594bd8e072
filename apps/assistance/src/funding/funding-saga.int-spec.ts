import {
  dlqTopicOf,
  FundingCancelledEvent,
  FundingCostPostedEvent,
  FundingPostedEvent,
  FundingRejectedEvent,
  FundingReleasedEvent,
  FundingRequestedEvent,
  FundingReservedEvent,
  MissionNewsEvent,
  Topics,
} from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { analyst, AssistanceTestApp, coordinator, startAssistanceApp } from '../testing/assistance-test-app';
import { BudgetSide, DeadLetterReader, drive, eventually, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');

describe('assistance: the mission-funding saga against budget-audit events on the real broker', () => {
  let t: AssistanceTestApp;
  let collector: EventCollector;
  let budget: BudgetSide;
  let dlq: DeadLetterReader;

  beforeAll(async () => {
    // No automatic re-request here (funding-retry.int-spec.ts has them): an unanswered request goes overdue after the timeout.
    t = await startAssistanceApp('assistance_saga', {
      kafka: true,
      env: { FUNDING_REPLY_TIMEOUT_SECONDS: '600', FUNDING_RETRY_MAX_ATTEMPTS: '0', FUNDING_RETRY_POLL_SECONDS: '1' },
    });
    collector = new EventCollector();
    await collector.start([t.topics[Topics.AssistanceFunding], t.topics[Topics.AssistanceMission]]);
    dlq = new DeadLetterReader();
    await dlq.start(dlqTopicOf(t.topics[Topics.BudgetFunding]));
    budget = new BudgetSide(t.topics[Topics.BudgetFunding]);
    await budget.start();
  });
  afterAll(async () => {
    await budget?.stop();
    await collector?.stop();
    await dlq?.stop();
    await t?.close();
  });

  async function approvedMission(overrides: Record<string, unknown> = {}): Promise<{ requestId: string; missionId: string }> {
    const requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    const mission = await t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody(overrides));
    expect(mission.status).toBe(201);
    return { requestId, missionId: mission.body.id as string };
  }

  const mission = async (id: string) => (await t.call(coordinator(), 'GET', `/missions/${id}`)).body;
  const eventsOf = (type: string, missionId: string) =>
    collector.events.filter((e) => e.event.type === type && e.event.subject === missionId);

  it('asks for funding with the estimate and the line, and marks the mission funded when budget-audit reserves it', async () => {
    const { requestId, missionId } = await approvedMission();
    const asked = await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ fundingStatus: 'pending', estimateCents: 570_000, fundingOverdue: false });
    await collector.waitFor(() => eventsOf(FundingRequestedEvent.type, missionId).length === 1);
    expect(eventsOf(FundingRequestedEvent.type, missionId)[0].event.data).toEqual({
      missionId,
      lineCode: '2.10.003',
      fiscalYear: 2027,
      amountCents: 570_000,
      requestedBy: 'FR',
    });
    // Asking twice while the first is pending is refused: one outstanding request per mission.
    expect((await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {})).status).toBe(409);

    await budget.send(FundingReservedEvent.type, { missionId, amountCents: 570_000 });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'funded',
      'mission funded',
    );
    await collector.waitFor(() =>
      eventsOf(MissionNewsEvent.type, missionId).some((e) => (e.event.data as { news: string }).news === 'funded'),
    );
    const news = eventsOf(MissionNewsEvent.type, missionId).map((e) => e.event.data as Record<string, unknown>);
    expect(news.map((n) => n.news)).toEqual(['planned', 'funded']);
    expect(news[1]).toMatchObject({ missionId, requestId, member: 'FR' });
    expect(JSON.stringify(news)).not.toMatch(/camille/i);

    // The request can now be scheduled, delivered and its actual cost posted.
    await drive(t, requestId, [{ to: 'scheduled' }, { to: 'in_delivery' }], FR);
    const delivered = await t.call(coordinator(), 'POST', `/missions/${missionId}/delivery`, {
      actualCents: 512_345,
      findings: 'Risk unit set up',
      recommendations: ['train targeters'],
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ state: 'delivered', fundingStatus: 'posting', actualCents: 512_345 });
    await collector.waitFor(() => eventsOf(FundingCostPostedEvent.type, missionId).length === 1);
    expect(eventsOf(FundingCostPostedEvent.type, missionId)[0].event.data).toEqual({ missionId, actualCents: 512_345 });
    await budget.send(FundingPostedEvent.type, { missionId, postedCents: 512_345, releasedCents: 57_655 });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'posted',
      'cost posted',
    );
    const inEvaluation = await drive(t, requestId, [{ to: 'delivered' }, { to: 'evaluation' }], FR);
    expect(inEvaluation.state).toBe('evaluation');

    // Closing needs the OECD-DAC evaluation: every criterion rated, with a comment.
    const early = await t.call(coordinator(), 'POST', `/requests/${requestId}/transitions`, {
      to: 'closed',
      version: inEvaluation.version,
    });
    expect(early.status).toBe(422);
    const score = (rating: number) => ({ rating, comment: 'as observed' });
    const criteria = {
      relevance: score(4),
      coherence: score(3),
      effectiveness: score(3),
      efficiency: score(2),
      impact: score(3),
      sustainability: score(2),
    };
    const partial = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
      criteria: { ...criteria, impact: { rating: 9, comment: 'x' }, sustainability: undefined },
      satisfaction: 4,
      followUpNeeded: true,
    });
    expect(partial.status).toBe(400);
    expect(partial.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['criteria.impact.rating', 'criteria.sustainability']),
    );
    expect(
      (await t.call(FR, 'PUT', `/requests/${requestId}/evaluation`, { criteria, satisfaction: 5, followUpNeeded: false })).status,
    ).toBe(403);
    const indicators = [
      {
        name: 'Share of declarations physically inspected',
        baseline: '42%',
        baselineDate: '2026-12-31',
        target: '20%',
        targetDate: '2028-12-31',
        actual: '35%',
        actualDate: '2027-06-30',
      },
    ];
    const badIndicator = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
      criteria,
      satisfaction: 4,
      followUpNeeded: true,
      indicators: [{ ...indicators[0], targetDate: 'soon' }],
    });
    expect(badIndicator.body.errors.map((e: { field: string }) => e.field)).toContain('indicators.0.targetDate');
    const evaluated = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
      criteria,
      satisfaction: 4,
      followUpNeeded: true,
      indicators,
    });
    expect(evaluated.status).toBe(200);
    const closed = await drive(t, requestId, [{ to: 'closed' }], FR);
    expect(closed).toMatchObject({ state: 'closed', allowedTransitions: [] });
    expect((await t.call(FR, 'GET', `/requests/${requestId}/evaluation`)).body).toMatchObject({
      criteria,
      satisfaction: 4,
      followUpNeeded: true,
      indicators,
    });
    expect((await t.call(analyst('DE'), 'GET', `/requests/${requestId}/evaluation`)).status).toBe(404);
    expect(
      (await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, { criteria, satisfaction: 1, followUpNeeded: false }))
        .status,
    ).toBe(409);
  });

  it('shows funding rejected with the reason, and lets a coordinator ask again on another line', async () => {
    const { missionId } = await approvedMission();
    await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    await budget.send(FundingRejectedEvent.type, { missionId, reason: 'unknown_line' });
    const rejected = await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'rejected',
      'funding rejected',
    );
    expect(rejected.fundingReason).toBe('unknown_line');
    const again = await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, { budgetLine: '2.20.001' });
    expect(again.body).toMatchObject({ fundingStatus: 'pending', fundingReason: null, budgetLine: '2.20.001' });
    await collector.waitFor(() => eventsOf(FundingRequestedEvent.type, missionId).length === 2);
    expect((eventsOf(FundingRequestedEvent.type, missionId)[1].event.data as { lineCode: string }).lineCode).toBe('2.20.001');
  });

  it('applies a redelivered answer once, and ignores an answer that comes after the mission moved on', async () => {
    const { missionId } = await approvedMission();
    await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    const eventId = await budget.send(FundingReservedEvent.type, { missionId });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'funded',
      'mission funded',
    );
    const version = (await mission(missionId)).version;
    await budget.send(FundingReservedEvent.type, { missionId }, eventId);
    // A late rejection (another event id) for a mission already funded changes nothing either.
    const marker = await budget.send(FundingRejectedEvent.type, { missionId, reason: 'insufficient_funds' });
    await eventually(
      async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [marker]))[0].n as number,
      (n) => n === 1,
      'the late rejection consumed',
    );
    const after = await mission(missionId);
    expect(after).toMatchObject({ fundingStatus: 'funded', version });
    const inbox: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [eventId]);
    expect(inbox[0].n).toBe(1);
    expect(eventsOf(MissionNewsEvent.type, missionId).filter((e) => (e.event.data as { news: string }).news === 'funded')).toHaveLength(1);
  });

  it('sends a malformed answer and one for an unknown mission to the DLQ and goes on with the next', async () => {
    const { missionId } = await approvedMission();
    await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    await budget.send(FundingRejectedEvent.type, { missionId, reason: 'because' });
    await budget.sendRaw(missionId, 'not a cloudevent');
    const stranger = randomUUID();
    await budget.send(FundingReservedEvent.type, { missionId: stranger });
    await budget.send(FundingReservedEvent.type, { missionId });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'funded',
      'mission funded after the bad events',
    );
    // The funded event came after the three bad ones on the same key (same partition), so they were decided first.
    const dead = await eventually(
      async () => dlq.letters.filter((l) => l.key === missionId || l.key === stranger),
      (l) => l.length >= 3,
      'three dead letters',
    );
    expect(dead).toHaveLength(3);
    expect(dead.filter((l) => l.key === stranger)).toHaveLength(1);
    expect(dead.filter((l) => l.key === missionId)).toHaveLength(2);
    expect(dead.every((l) => l.errorCode !== '')).toBe(true);
  });

  it('shows a funding request that got no answer as overdue after the timeout, and lets it be requested again', async () => {
    const { missionId } = await approvedMission();
    await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    expect((await mission(missionId)).fundingOverdue).toBe(false);
    expect((await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {})).status).toBe(409);
    // Eleven minutes pass without an answer (timeout 600 s): moved in the database rather than waited for.
    await t.dataSource.query(`UPDATE mission SET funding_next_attempt_at = funding_next_attempt_at - interval '11 minutes' WHERE id = $1`, [
      missionId,
    ]);
    const waiting = await eventually(
      () => mission(missionId),
      (m) => m.fundingOverdue === true,
      'funding overdue',
    );
    expect(waiting).toMatchObject({ fundingStatus: 'pending', fundingOverdue: true, fundingAttempts: 1 });
    const again = await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    expect(again.status).toBe(200);
    await collector.waitFor(() => eventsOf(FundingRequestedEvent.type, missionId).length === 2);
  });

  it('releases the reservation when a funded mission, or the whole request, is cancelled', async () => {
    const { missionId } = await approvedMission();
    await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    await budget.send(FundingReservedEvent.type, { missionId });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'funded',
      'funded',
    );
    const cancelled = await t.call(coordinator(), 'POST', `/missions/${missionId}/cancellation`, {});
    expect(cancelled.body).toMatchObject({ state: 'cancelled', fundingStatus: 'releasing' });
    await collector.waitFor(() => eventsOf(FundingCancelledEvent.type, missionId).length === 1);
    await budget.send(FundingReleasedEvent.type, { missionId, releasedCents: 570_000 });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'released',
      'released',
    );

    const other = await approvedMission();
    await t.call(coordinator(), 'POST', `/missions/${other.missionId}/funding-request`, {});
    const request = (await t.call(coordinator(), 'GET', `/requests/${other.requestId}`)).body;
    const moved = await t.call(coordinator(), 'POST', `/requests/${other.requestId}/transitions`, {
      to: 'cancelled',
      version: request.version,
      reason: 'withdrawn',
    });
    expect(moved.status).toBe(200);
    expect((await mission(other.missionId)).state).toBe('cancelled');
    await collector.waitFor(() => eventsOf(FundingCancelledEvent.type, other.missionId).length === 1);
  });

  it('will not schedule a request before one of its missions is funded', async () => {
    const { requestId } = await approvedMission();
    const r = (await t.call(coordinator(), 'GET', `/requests/${requestId}`)).body;
    const early = await t.call(coordinator(), 'POST', `/requests/${requestId}/transitions`, { to: 'scheduled', version: r.version });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('transition_precondition_failed');
  });
});
