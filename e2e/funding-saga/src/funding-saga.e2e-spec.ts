/* The mission-funding saga end to end (issue 10): assistance and budget-audit run as their own processes, started
 * from their main.ts as `npm start` starts them, on throw-away databases of the shared PostgreSQL and on a Kafka
 * broker of the run's own (so the production topic names and consumer groups are used without touching the shared
 * broker). A mission is funded through the saga, then each service is killed (SIGKILL) mid-saga and restarted:
 * the saga completes and budget-audit holds exactly one commitment per mission, with the amounts of one effect. */
import { DevIssuer } from '@wco/auth';
import type { WcoRole } from '@wco/auth';
import { Topics } from '@wco/contracts';
import { createTestDatabase, DedicatedBroker, EventCollector, freePort, NodeChild, testInfra, until } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';

jest.setTimeout(600_000);

interface Caller {
  subject: string;
  member: string;
  roles: WcoRole[];
}
const coordinator: Caller = { subject: 'assistance-coordinator-wco-saga', member: 'WCO', roles: ['assistance-coordinator'] };
const requester: Caller = { subject: 'member-analyst-ke-saga', member: 'KE', roles: ['member-analyst'] };
const financeOfficer: Caller = { subject: 'finance-officer-wco-saga', member: 'WCO', roles: ['finance-officer'] };
const financeCommittee: Caller = { subject: 'finance-committee-saga', member: 'KE', roles: ['finance-committee'] };

const YEAR = 2027;
const LINE = '2.10.003';
/** travel + subsistence + fees of every mission below. */
const ESTIMATE = 570_000;

describe('funding saga end to end: assistance and budget-audit as processes, each killed mid-saga', () => {
  const infra = testInfra();
  const broker = new DedicatedBroker();
  const databases: TestDatabase[] = [];
  let issuer: DevIssuer;
  let assistance: NodeChild;
  let budget: NodeChild;
  let assistanceUrl: string;
  let budgetUrl: string;
  let budgetDb: Client;
  let answers: EventCollector;

  const service = (label: string, port: number, db: TestDatabase, env: Record<string, string> = {}): NodeChild =>
    new NodeChild({
      label,
      entry: `apps/${label}/src/main.ts`,
      telemetry: true,
      env: {
        SERVICE_NAME: label,
        NODE_ENV: 'development',
        AUTH_DEV_ISSUER: 'true',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: infra.databaseUrl,
        DATABASE_NAME: db.name,
        DATABASE_POOL_SIZE: '4',
        KAFKA_BROKERS: broker.brokers.join(','),
        LOG_LEVEL: 'warn',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_EXPORTER: 'none',
        ...env,
      },
      ready: () =>
        until(
          async () => (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
          240_000,
          `${label} ready`,
          300,
        ),
    });

  const call = async (base: string, who: Caller, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const token = await issuer.issueToken({ subject: who.subject, member: who.member, roles: who.roles });
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const ok = async (what: string, pending: Promise<{ status: number; body: any }>, ...statuses: number[]): Promise<any> => {
    const res = await pending;
    if (!(statuses.length ? statuses : [200, 201]).includes(res.status))
      throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const onAssistance = (who: Caller, method: string, path: string, body?: unknown) => call(assistanceUrl, who, method, path, body);

  /** A request of KE driven to mission planning, with one mission planned on the budget line. */
  const plannedMission = async (title: string): Promise<{ requestId: string; missionId: string }> => {
    const request = await ok(
      'draft',
      onAssistance(requester, 'POST', '/requests', {
        kind: 'expert_mission',
        thematicArea: 'aeo',
        title,
        objectives: 'Set up an AEO programme',
        need: { source: 'free_text', description: 'No AEO programme yet' },
        period: { start: '2027-03-01', end: '2027-03-31' },
        language: 'en',
        priority: 'medium',
        contact: { name: 'Wanjiru Kamau', email: 'wanjiru.kamau@kra.example' },
      }),
    );
    let version = request.version as number;
    for (const to of ['submitted', 'screening', 'needs_assessment', 'pending_approval', 'approved', 'mission_planning']) {
      if (to === 'pending_approval') {
        const assessed = await ok(
          'needs assessment',
          onAssistance(coordinator, 'PUT', `/requests/${request.id as string}/needs-assessment`, {
            findings: 'No AEO programme',
            gaps: ['no AEO criteria'],
            interventions: [{ description: 'Draft the AEO criteria', priority: 'high' }],
            version,
          }),
        );
        version = assessed.version as number;
      }
      const by = to === 'submitted' ? requester : coordinator;
      const moved = await ok(
        to,
        onAssistance(by, 'POST', `/requests/${request.id as string}/transitions`, { to, version, reason: `to ${to}` }),
      );
      version = moved.version as number;
    }
    const mission = await ok(
      'plan mission',
      onAssistance(coordinator, 'POST', `/requests/${request.id as string}/missions`, {
        title,
        startDate: '2027-03-08',
        endDate: '2027-03-12',
        location: 'Nairobi',
        costEstimate: { travelCents: 120_000, subsistenceCents: 150_000, feesCents: 300_000 },
        budgetLine: LINE,
        fiscalYear: YEAR,
      }),
    );
    return { requestId: request.id as string, missionId: mission.id as string };
  };

  const missionOnceIn = async (missionId: string, fundingStatus: string): Promise<any> => {
    let last: any;
    await until(
      async () => {
        last = (await onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body;
        return last?.fundingStatus === fundingStatus;
      },
      180_000,
      `mission ${missionId} ${fundingStatus} (last seen ${JSON.stringify(last?.fundingStatus)})`,
      300,
    );
    return last;
  };

  const commitmentsOf = async (missionId: string) =>
    (
      await budgetDb.query<{ id: string; status: string; amount_cents: string; posted_cents: string | null }>(
        `SELECT id, status, amount_cents, posted_cents FROM commitment WHERE mission_id = $1`,
        [missionId],
      )
    ).rows;

  /** Distinct answers budget-audit published about the mission (a redelivered one has the id of the first). */
  const answerTypes = (missionId: string): string[] => {
    const seen = new Map<string, string>();
    for (const e of answers.events) if (e.event.subject === missionId) seen.set(e.event.id, e.event.type.split('.').slice(-2, -1)[0]);
    return [...seen.values()];
  };

  beforeAll(async () => {
    const [assistancePort, budgetPort, assistanceDb, budgetDatabase] = await Promise.all([
      freePort(),
      freePort(),
      createTestDatabase('saga_assistance'),
      createTestDatabase('saga_budget'),
      broker.start(),
    ]);
    databases.push(assistanceDb, budgetDatabase);
    issuer = await DevIssuer.load();
    assistanceUrl = `http://127.0.0.1:${assistancePort}`;
    budgetUrl = `http://127.0.0.1:${budgetPort}`;
    budget = service('budget-audit', budgetPort, budgetDatabase);
    assistance = service('assistance', assistancePort, assistanceDb);
    // One after the other: each creates the topics and migrates its database on start.
    await budget.start();
    await assistance.start();
    budgetDb = new Client({ connectionString: budgetDatabase.url });
    await budgetDb.connect();
    answers = new EventCollector(broker.brokers);
    await answers.start([Topics.BudgetFunding]);

    await ok('fiscal year', call(budgetUrl, financeOfficer, 'POST', '/fiscal-years', { year: YEAR }));
    const versionId = randomUUID();
    await ok(
      'budget version',
      call(budgetUrl, financeOfficer, 'POST', `/fiscal-years/${YEAR}/budget-versions`, {
        id: versionId,
        title: `Budget ${YEAR}`,
        lines: [{ code: LINE, title: 'Capacity building missions', programme: 'SP7', appropriationCents: 10_000_000 }],
      }),
    );
    await ok('submit', call(budgetUrl, financeOfficer, 'POST', `/budget-versions/${versionId}/submit`), 200);
    await ok('accept', call(budgetUrl, financeCommittee, 'POST', `/budget-versions/${versionId}/accept`), 200);
    await ok('open', call(budgetUrl, financeOfficer, 'POST', `/fiscal-years/${YEAR}/open`), 200);
  });

  afterAll(async () => {
    await answers?.stop();
    await budgetDb?.end();
    await Promise.all([assistance?.stop(), budget?.stop()]);
    await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
    await broker.stop();
  });

  it('funds a mission through budget-audit and posts its actual cost, the rest released', async () => {
    const { requestId, missionId } = await plannedMission('AEO expert mission');
    await ok('funding request', onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    const funded = await missionOnceIn(missionId, 'funded');
    expect(funded).toMatchObject({ fundingStatus: 'funded', estimateCents: ESTIMATE });
    const [reserved] = await commitmentsOf(missionId);
    expect(reserved).toMatchObject({ status: 'pending', amount_cents: String(ESTIMATE) });

    let version = (await ok('request', onAssistance(coordinator, 'GET', `/requests/${requestId}`))).version as number;
    for (const to of ['scheduled', 'in_delivery']) {
      version = (await ok(to, onAssistance(coordinator, 'POST', `/requests/${requestId}/transitions`, { to, version, reason: to })))
        .version;
    }
    await ok(
      'delivery',
      onAssistance(coordinator, 'POST', `/missions/${missionId}/delivery`, {
        actualCents: 500_000,
        findings: 'Criteria drafted',
        recommendations: [],
      }),
    );
    await missionOnceIn(missionId, 'posted');
    expect(await commitmentsOf(missionId)).toEqual([
      { id: reserved.id, status: 'posted', amount_cents: String(ESTIMATE), posted_cents: '500000' },
    ]);
    await until(async () => answerTypes(missionId).length >= 2, 30_000, 'both answers on the topic');
    expect(answerTypes(missionId)).toEqual(['reserved', 'posted']);
  });

  it('completes when budget-audit is killed (SIGKILL) right after the funding request and restarted', async () => {
    const { missionId } = await plannedMission('AEO mission, budget-audit crashes');
    await ok('funding request', onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    await budget.kill9();
    // While budget-audit is down the mission waits: pending, not lost.
    expect((await onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body).toMatchObject({ fundingStatus: 'pending' });
    await budget.start();
    await missionOnceIn(missionId, 'funded');
    expect(await commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'pending', amount_cents: String(ESTIMATE) })]);
    await until(async () => answerTypes(missionId).length >= 1, 30_000, 'the answer on the topic');
    expect(answerTypes(missionId)).toEqual(['reserved']);
  });

  it('completes when assistance is killed (SIGKILL) right after the funding request and restarted, with no second effect', async () => {
    const { missionId } = await plannedMission('AEO mission, assistance crashes');
    await ok('funding request', onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    // The request is committed with its outbox row; the relay may or may not have published it, the answer may or
    // may not have been consumed: the restarted process takes over wherever the saga stood.
    await assistance.kill9();
    await assistance.start();
    const funded = await missionOnceIn(missionId, 'funded');
    expect(await commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'pending', amount_cents: String(ESTIMATE) })]);
    await until(async () => answerTypes(missionId).length >= 1, 30_000, 'the answer on the topic');
    expect(answerTypes(missionId)).toEqual(['reserved']);
    // Nothing left to apply: the mission does not move again (a redelivered answer is in the inbox already).
    await new Promise((r) => setTimeout(r, 3000));
    expect((await onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body).toMatchObject({
      fundingStatus: 'funded',
      version: funded.version,
    });
  });

  it('completes a cancellation when budget-audit is killed while the release is in flight', async () => {
    const { missionId } = await plannedMission('AEO mission, cancelled during a crash');
    await ok('funding request', onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    await missionOnceIn(missionId, 'funded');
    await ok('cancellation', onAssistance(coordinator, 'POST', `/missions/${missionId}/cancellation`, {}));
    await budget.kill9();
    await budget.start();
    await missionOnceIn(missionId, 'released');
    expect(await commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'voided', amount_cents: String(ESTIMATE) })]);
    await until(async () => answerTypes(missionId).length >= 2, 30_000, 'both answers on the topic');
    expect(answerTypes(missionId)).toEqual(['reserved', 'released']);
  });
});
