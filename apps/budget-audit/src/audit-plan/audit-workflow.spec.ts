import type { Principal } from '@wco/auth';
import { DomainError } from '@wco/http';
import { authoriseMove, ENGAGEMENT_MOVES, PLAN_MOVES, RECOMMENDATION_MOVES } from './audit-workflow';

const auditor: Principal = { subject: 'a', member: 'NL', roles: ['auditor'] };
const management: Principal = { subject: 'm', member: 'WCO', roles: ['finance-officer'] };
const memberOfficer: Principal = { subject: 'f', member: 'FR', roles: ['finance-officer'] };
const committee: Principal = { subject: 'c', member: 'KE', roles: ['audit-committee'] };
const financeCommittee: Principal = { subject: 'f', member: 'KE', roles: ['finance-committee'] };

/** 'ok', or the status and code the move is refused with. */
function outcome(table: Parameters<typeof authoriseMove>[0], caller: Principal, from: string, to: string, reason?: string): string {
  try {
    authoriseMove(table, 'x', caller, from, to, reason);
    return 'ok';
  } catch (e) {
    return e instanceof DomainError ? `${e.status} ${e.code}` : `unexpected ${String(e)}`;
  }
}

describe('audit workflows', () => {
  it('moves an engagement one step at a time, management answering the draft report', () => {
    expect(outcome(ENGAGEMENT_MOVES, auditor, 'planned', 'fieldwork')).toBe('ok');
    expect(outcome(ENGAGEMENT_MOVES, auditor, 'planned', 'draft_report')).toBe('409 invalid_transition');
    expect(outcome(ENGAGEMENT_MOVES, auditor, 'draft_report', 'management_response')).toBe('403 insufficient_role');
    expect(outcome(ENGAGEMENT_MOVES, memberOfficer, 'draft_report', 'management_response')).toBe('403 insufficient_role');
    expect(outcome(ENGAGEMENT_MOVES, management, 'draft_report', 'management_response')).toBe('ok');
    expect(outcome(ENGAGEMENT_MOVES, auditor, 'final_report', 'planned')).toBe('409 invalid_transition');
  });

  it('lets only the committee accept a risk, and only with a justification', () => {
    for (const from of ['open', 'in_progress', 'implemented']) {
      expect(outcome(RECOMMENDATION_MOVES, committee, from, 'risk_accepted', 'compensating control')).toBe('ok');
      expect(outcome(RECOMMENDATION_MOVES, committee, from, 'risk_accepted', ' ')).toBe('422 reason_required');
      expect(outcome(RECOMMENDATION_MOVES, management, from, 'risk_accepted', 'x')).toBe('403 insufficient_role');
      expect(outcome(RECOMMENDATION_MOVES, auditor, from, 'risk_accepted', 'x')).toBe('403 insufficient_role');
      expect(outcome(RECOMMENDATION_MOVES, financeCommittee, from, 'risk_accepted', 'x')).toBe('403 insufficient_role');
    }
    expect(outcome(RECOMMENDATION_MOVES, committee, 'closed', 'risk_accepted', 'x')).toBe('409 invalid_transition');
  });

  it('has the auditor verify what management implemented, never management itself', () => {
    expect(outcome(RECOMMENDATION_MOVES, management, 'implemented', 'closed')).toBe('403 insufficient_role');
    expect(outcome(RECOMMENDATION_MOVES, auditor, 'implemented', 'closed')).toBe('ok');
    expect(outcome(RECOMMENDATION_MOVES, auditor, 'implemented', 'in_progress')).toBe('422 reason_required');
    expect(outcome(RECOMMENDATION_MOVES, auditor, 'open', 'implemented')).toBe('403 insufficient_role');
  });

  it('has auditors submit a plan and the committee agree or return it (with a reason)', () => {
    expect(outcome(PLAN_MOVES, auditor, 'draft', 'submitted')).toBe('ok');
    expect(outcome(PLAN_MOVES, auditor, 'submitted', 'agreed')).toBe('403 insufficient_role');
    expect(outcome(PLAN_MOVES, committee, 'submitted', 'agreed')).toBe('ok');
    // The Finance Committee adopts the budget; the audit plan is the Audit Committee's.
    expect(outcome(PLAN_MOVES, financeCommittee, 'submitted', 'agreed')).toBe('403 insufficient_role');
    expect(outcome(PLAN_MOVES, committee, 'submitted', 'draft')).toBe('422 reason_required');
    expect(outcome(PLAN_MOVES, committee, 'agreed', 'draft', 'x')).toBe('409 invalid_transition');
  });
});
