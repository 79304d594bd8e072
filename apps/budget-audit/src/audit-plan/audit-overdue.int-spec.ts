import { RecommendationOverdueEvent, Topics, validateEventPayload } from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { findingWithRecommendations } from '../testing/audit-plan-fixtures';
import { AuditFollowUpService } from './audit-follow-up.service';

jest.setTimeout(120_000);

// The overdue follow-up over the real broker: the sweep emits RecommendationOverdueEvent through the outbox once per
// recommendation per overdue episode, whether it runs twice in a row, twice at once (two pods) or on its timer.
describe('audit follow-up: overdue recommendations (PostgreSQL, Kafka)', () => {
  let t: BudgetAuditTestApp;
  let sweeps: AuditFollowUpService;
  let collector: EventCollector;

  beforeAll(async () => {
    // A timer of 200 ms: its sweeps use today's date; the dated sweeps below use dates of 2150 that it never reaches.
    t = await startBudgetAuditApp('budget_audit_overdue', { kafka: true, env: { AUDIT_FOLLOWUP_INTERVAL_MS: '200' } });
    sweeps = t.app.get(AuditFollowUpService);
    collector = new EventCollector();
    await collector.start([t.topics[Topics.BudgetFollowup]]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const overdueEvents = (id: string) =>
    collector.events.filter(
      (e) => e.event.type === RecommendationOverdueEvent.type && (e.event.data as RecommendationOverdueEvent).recommendationId === id,
    );
  /** Every overdue event written so far (one history row each, in the same transaction) has reached the collector. */
  const drained = async () => {
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_history WHERE change = 'overdue'`);
    await collector.waitFor((events) => events.length >= n);
    expect(collector.events).toHaveLength(n);
  };

  it('reports each overdue recommendation once per episode, and again only after a new due date passes', async () => {
    const { recommendationIds, engagementId, findingId } = await findingWithRecommendations(t, 2150, [
      { dueDate: '2150-03-31', priority: 'high', owner: 'ORG2/FIN' },
      { dueDate: '2150-12-31' },
      { dueDate: '2150-03-31' },
    ]);
    const [late, notYet, implemented] = recommendationIds;
    const officer = financeOfficer();
    await t.call(officer, 'POST', `/audit-recommendations/${implemented}/transitions`, { to: 'implemented' });

    const first = await sweeps.sweepOverdue('2150-04-01');
    const second = await sweeps.sweepOverdue('2150-04-02');
    expect([first, second]).toEqual([1, 0]);
    await drained();
    expect(overdueEvents(late)).toHaveLength(1);
    const event = overdueEvents(late)[0].event;
    expect(event.subject).toBe(late);
    expect(validateEventPayload(RecommendationOverdueEvent.type, event.data)).toEqual(event.data);
    expect(event.data).toEqual({
      recommendationId: late,
      findingId,
      engagementId,
      fiscalYear: 2150,
      severity: 'high',
      priority: 'high',
      owner: 'ORG2/FIN',
      dueDate: '2150-03-31',
      status: 'open',
      episode: 1,
    });
    // Moving between the actionable states keeps the episode: still one event.
    await t.call(officer, 'POST', `/audit-recommendations/${late}/transitions`, { to: 'in_progress' });
    expect(await sweeps.sweepOverdue('2150-04-03')).toBe(0);

    // A new due date ends the episode; once it passes too, the next one is reported.
    const moved = await t.call(auditor, 'POST', `/audit-recommendations/${late}/due-date`, {
      dueDate: '2150-06-30',
      reason: 'New tool in June',
    });
    expect([moved.status, moved.body.overdueEpisodes]).toEqual([200, 1]);
    expect(await sweeps.sweepOverdue('2150-06-30')).toBe(0);
    expect(await sweeps.sweepOverdue('2150-07-01')).toBe(1);
    expect(await sweeps.sweepOverdue('2150-07-02')).toBe(0);
    await drained();
    expect(overdueEvents(late).map((e) => (e.event.data as RecommendationOverdueEvent).episode)).toEqual([1, 2]);
    expect(overdueEvents(late)[1].event.data).toMatchObject({ dueDate: '2150-06-30', status: 'in_progress' });
    expect(overdueEvents(notYet).length + overdueEvents(implemented).length).toBe(0);

    // Implemented before its date: never reported, even by the later sweeps of the next test.
    expect((await t.call(officer, 'POST', `/audit-recommendations/${notYet}/transitions`, { to: 'implemented' })).status).toBe(200);
    const view = (await t.call(auditor, 'GET', `/audit-recommendations/${late}`)).body;
    expect(
      view.history
        .filter((h: { change: string }) => h.change === 'overdue')
        .map((h: { by: string; reason: string }) => `${h.by}: ${h.reason}`),
    ).toEqual(['system:overdue-job: due 2150-03-31, episode 1', 'system:overdue-job: due 2150-06-30, episode 2']);
  });

  it('reports once when several pods sweep at the same moment (FOR UPDATE SKIP LOCKED)', async () => {
    const { recommendationIds } = await findingWithRecommendations(
      t,
      2151,
      Array.from({ length: 20 }, () => ({ dueDate: '2151-01-31' })),
    );
    const counts = await Promise.all([
      sweeps.sweepOverdue('2151-02-01'),
      sweeps.sweepOverdue('2151-02-01'),
      sweeps.sweepOverdue('2151-02-01'),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    await drained();
    expect(recommendationIds.map((id) => overdueEvents(id).length)).toEqual(Array(20).fill(1));
  });

  it("reports on its own timer, once, a recommendation past today's date", async () => {
    const { recommendationIds } = await findingWithRecommendations(t, 2020, [{ dueDate: '2020-06-30' }]);
    await collector.waitFor(() => overdueEvents(recommendationIds[0]).length === 1);
    // Several more ticks of the timer.
    await new Promise((r) => setTimeout(r, 1_000));
    await drained();
    expect(overdueEvents(recommendationIds[0])).toHaveLength(1);
    const listed = await t.call(auditor, 'GET', '/audit-recommendations?overdue=true&status=open');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(recommendationIds[0]);
  });
});
