import { FundingReservedEvent, MissionNewsEvent, Topics } from '@wco/contracts';
import { analyst, coordinator } from '../testing/assistance-test-app';
import { drive, evaluatedRequest, eventually, missionBody, requestBody, useSagaKit, TO_APPROVED } from '../testing/assistance-fixtures';
import { FundingRetryScheduler } from '../funding/funding-retry.scheduler';

jest.setTimeout(180_000);

const FR = analyst('FR');
const DE = analyst('DE');

/*
 * The requesting Member hears of its missions' logistics, of funding that went overdue and of the follow-up visits
 * through `assistance.mission.news` (the gateway delivers each event to the event's `member` only, once per event
 * id). Checked on the real broker: each notice names the requesting Member and no other, the news of one Member's
 * mission never carries another Member, and a repeated command (or a second look of the scheduler) writes no
 * second notice.
 */
describe('assistance: Member notices of logistics, overdue funding and follow-up visits (mission news)', () => {
  // No automatic re-request: an unanswered funding request is overdue one second after it was sent.
  const kit = useSagaKit(
    'assistance_notices',
    { FUNDING_REPLY_TIMEOUT_SECONDS: '1', FUNDING_RETRY_MAX_ATTEMPTS: '0', FUNDING_RETRY_POLL_SECONDS: '1' },
    [Topics.AssistanceMission],
  );

  type News = MissionNewsEvent & { eventId: string };
  const newsOf = (missionId: string): News[] =>
    kit.collector.events
      .filter((e) => e.event.type === MissionNewsEvent.type && e.event.subject === missionId)
      .map((e) => ({ ...(e.event.data as MissionNewsEvent), eventId: e.event.id }));
  const waitForNews = (missionId: string, news: string, count = 1) =>
    kit.collector.waitFor(() => newsOf(missionId).filter((n) => n.news === news).length >= count);
  /** Gives the relay time to publish anything a repeated command might have written (it publishes within ms). */
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  async function plannedMission(requester = FR): Promise<{ requestId: string; missionId: string }> {
    const requestId = (await kit.t.call(requester, 'POST', '/requests', requestBody())).body.id as string;
    await drive(kit.t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], requester);
    const mission = await kit.t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody());
    expect(mission.status).toBe(201);
    return { requestId, missionId: mission.body.id as string };
  }
  const version = async (missionId: string) => (await kit.t.call(coordinator(), 'GET', `/missions/${missionId}`)).body.version as number;

  it('tells the requesting Member of every logistics move, forward and back, once each', async () => {
    const fr = await plannedMission(FR);
    const de = await plannedMission(DE);
    const moves = [{ to: 'travel_booked' }, { to: 'visas_obtained' }, { to: 'not_started', reason: 'the flight was cancelled' }];
    for (const move of moves) {
      const v = await version(fr.missionId);
      const moved = await kit.t.call(coordinator(), 'POST', `/missions/${fr.missionId}/logistics`, { ...move, version: v });
      expect(moved.status).toBe(200);
      // The same command again (a retried click): refused on its stale version, and no second notice.
      expect((await kit.t.call(coordinator(), 'POST', `/missions/${fr.missionId}/logistics`, { ...move, version: v })).status).toBe(409);
    }
    const deMoved = await kit.t.call(coordinator(), 'POST', `/missions/${de.missionId}/logistics`, {
      to: 'travel_booked',
      version: await version(de.missionId),
    });
    expect(deMoved.status).toBe(200);
    await waitForNews(fr.missionId, 'logistics_not_started');
    await waitForNews(de.missionId, 'logistics_travel_booked');
    await settle();

    const fromFr = newsOf(fr.missionId);
    expect(fromFr.map((n) => n.news)).toEqual(['planned', 'logistics_travel_booked', 'logistics_visas_obtained', 'logistics_not_started']);
    for (const n of fromFr) expect(n).toMatchObject({ missionId: fr.missionId, requestId: fr.requestId, member: 'FR' });
    expect(new Set(fromFr.map((n) => n.eventId)).size).toBe(fromFr.length);
    // The other Member's mission: its own notices, to DE only.
    expect(newsOf(de.missionId).map((n) => [n.news, n.member])).toEqual([
      ['planned', 'DE'],
      ['logistics_travel_booked', 'DE'],
    ]);
    // No personal data and no reason (the reason stays in the mission history).
    expect(JSON.stringify(fromFr)).not.toMatch(/flight was cancelled|@/);
  });

  it('tells the requesting Member of each of its missions cancelled with the request, once each', async () => {
    const { requestId, missionId } = await plannedMission(FR);
    const second = await kit.t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody({ title: 'Second week' }));
    expect(second.status).toBe(201);
    const request = (await kit.t.call(FR, 'GET', `/requests/${requestId}`)).body;
    const cancelled = await kit.t.call(coordinator(), 'POST', `/requests/${requestId}/transitions`, {
      to: 'cancelled',
      version: request.version,
    });
    expect(cancelled.status).toBe(200);
    for (const id of [missionId, second.body.id as string]) await waitForNews(id, 'cancelled');
    await settle();
    for (const id of [missionId, second.body.id as string]) {
      expect(newsOf(id).map((n) => [n.news, n.member])).toEqual([
        ['planned', 'FR'],
        ['cancelled', 'FR'],
      ]);
    }
  });

  it('tells the requesting Member once that its mission’s funding is overdue, not at every later look', async () => {
    const { missionId } = await plannedMission(FR);
    const other = await plannedMission(DE);
    expect((await kit.t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {})).status).toBe(200);
    await eventually(
      async () => (await kit.t.call(coordinator(), 'GET', `/missions/${missionId}`)).body,
      (m) => m.fundingOverdue === true,
      'funding overdue',
      30_000,
    );
    // The scheduler looking again (every second, and here by hand) finds nothing due: the notice is not repeated.
    await kit.t.app.get(FundingRetryScheduler).tick(new Date(Date.now() + 3_600_000));
    await waitForNews(missionId, 'funding_overdue');
    await settle();
    const overdue = newsOf(missionId).filter((n) => n.news === 'funding_overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ missionId, member: 'FR' });
    // The DE mission never asked for funding: no overdue notice to anyone for it.
    expect(newsOf(other.missionId).map((n) => n.news)).toEqual(['planned']);

    // A reply after all: the mission is funded (and told so).
    await kit.budget.send(FundingReservedEvent.type, { missionId });
    await waitForNews(missionId, 'funded');
  });

  it('tells the requesting Member of a follow-up visit planned, then done, with the visit and its date, once each', async () => {
    const { requestId, missionId } = await evaluatedRequest(kit.t, kit.budget, FR);
    const planned = await kit.t.call(coordinator(), 'POST', `/requests/${requestId}/follow-ups`, {
      plannedDate: '2028-05-02',
      purpose: 'Check the risk engine in use',
    });
    expect(planned.status).toBe(201);
    const visit = planned.body.id as string;
    const done = await kit.t.call(coordinator(), 'POST', `/follow-ups/${visit}/transitions`, { to: 'done', version: 1, outcome: 'In use' });
    expect(done.status).toBe(200);
    // Again: the visit is done already (409), and nothing more is said.
    expect(
      (await kit.t.call(coordinator(), 'POST', `/follow-ups/${visit}/transitions`, { to: 'done', version: 1, outcome: 'In use' })).status,
    ).toBe(409);
    const second = await kit.t.call(coordinator(), 'POST', `/requests/${requestId}/follow-ups`, {
      plannedDate: '2028-09-01',
      purpose: 'A second look',
      missionId,
    });
    const cancelled = await kit.t.call(coordinator(), 'POST', `/follow-ups/${second.body.id}/transitions`, {
      to: 'cancelled',
      version: 1,
      reason: 'not needed',
    });
    expect(cancelled.status).toBe(200);
    await waitForNews(missionId, 'follow_up_cancelled');
    await settle();

    const visits = newsOf(missionId).filter((n) => n.news.startsWith('follow_up_'));
    // Without a mission named, the visit is news of the request's (last) delivered mission.
    expect(visits.map((n) => [n.news, n.followUpId, n.startDate, n.endDate])).toEqual([
      ['follow_up_planned', visit, '2028-05-02', '2028-05-02'],
      ['follow_up_done', visit, '2028-05-02', '2028-05-02'],
      ['follow_up_planned', second.body.id, '2028-09-01', '2028-09-01'],
      ['follow_up_cancelled', second.body.id, '2028-09-01', '2028-09-01'],
    ]);
    for (const n of visits) expect(n).toMatchObject({ missionId, requestId, member: 'FR' });
    expect(JSON.stringify(visits)).not.toMatch(/In use|not needed|risk engine/);
  });
});
