import { randomUUID } from 'node:crypto';
import { auditCommittee, auditor } from './budget-audit-test-app';
import type { BudgetAuditTestApp } from './budget-audit-test-app';

function expectStatus(what: string, res: { status: number; body: unknown }, ...ok: number[]): void {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A draft plan of the year with one planned engagement; `agree` submits it and has the committee agree it. */
export async function planWithEngagement(
  t: BudgetAuditTestApp,
  year: number,
  agree = true,
): Promise<{ planId: string; engagementId: string }> {
  const planId = randomUUID();
  const engagementId = randomUUID();
  expectStatus('plan', await t.call(auditor, 'POST', '/audit-plans', { id: planId, fiscalYear: year, title: `Audit plan ${year}` }), 201);
  expectStatus(
    'engagement',
    await t.call(auditor, 'POST', `/audit-plans/${planId}/engagements`, {
      id: engagementId,
      title: 'Procurement of mission travel',
      scope: 'Travel bookings and their approval, January to June',
      leadAuditor: 'IAO-07',
      plannedStart: `${year}-02-01`,
      plannedEnd: `${year}-04-30`,
    }),
    201,
  );
  if (agree) {
    expectStatus('submit', await t.call(auditor, 'POST', `/audit-plans/${planId}/transitions`, { to: 'submitted' }), 200);
    expectStatus('agree', await t.call(auditCommittee, 'POST', `/audit-plans/${planId}/transitions`, { to: 'agreed' }), 200);
  }
  return { planId, engagementId };
}

export interface RecommendationSpec {
  dueDate: string;
  priority?: 'high' | 'medium' | 'low';
  owner?: string;
}

/** An agreed plan, its engagement in fieldwork, and one finding with these recommendations; returns the ids. */
export async function findingWithRecommendations(
  t: BudgetAuditTestApp,
  year: number,
  recs: RecommendationSpec[],
  severity: 'high' | 'medium' | 'low' = 'high',
): Promise<{ planId: string; engagementId: string; findingId: string; recommendationIds: string[] }> {
  const { planId, engagementId } = await planWithEngagement(t, year);
  expectStatus('fieldwork', await t.call(auditor, 'POST', `/audit-engagements/${engagementId}/transitions`, { to: 'fieldwork' }), 200);
  const findingId = randomUUID();
  const recommendationIds = recs.map(() => randomUUID());
  expectStatus(
    'finding',
    await t.call(auditor, 'POST', `/audit-engagements/${engagementId}/findings`, {
      id: findingId,
      title: 'Travel approved after the trip',
      description: 'In 14 of 40 sampled missions the travel request was approved after the travel date.',
      severity,
      recommendations: recs.map((r, i) => ({
        id: recommendationIds[i],
        text: 'Block bookings until the request is approved',
        priority: r.priority ?? 'high',
        owner: r.owner ?? 'ORG2/FIN',
        dueDate: r.dueDate,
      })),
    }),
    201,
  );
  return { planId, engagementId, findingId, recommendationIds };
}
