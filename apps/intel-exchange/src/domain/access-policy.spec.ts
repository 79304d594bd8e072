import {
  PolicyCaller,
  ReportAccessFacts,
  canExport,
  canKnowOfEachOther,
  canSeePersonalData,
  canSeeReport,
  redactForCaller,
  visibilityPredicate,
} from './access-policy';
import { OperationAccessFacts } from './report.types';
import { matrixCallers, matrixReports, operationFor } from './testing/access-matrix';

const analyst = (member: string): PolicyCaller => ({ member, roles: ['member-analyst'] });
const coordinator = (member: string): PolicyCaller => ({ member, roles: ['operation-coordinator'] });

const op: OperationAccessFacts = {
  id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  coordinatorMember: 'WCO',
  participantMembers: ['FR', 'KE'],
  state: 'active',
};

function report(overrides: Partial<ReportAccessFacts>): ReportAccessFacts {
  return {
    originatorMember: 'FR',
    tlp: 'AMBER',
    distribution: { level: 'operation_participants' },
    operationId: op.id,
    personalDataReleasedTo: [],
    ...overrides,
  };
}

describe('canSeeReport', () => {
  it('lets the originator see its own report at any TLP', () => {
    const r = report({ tlp: 'RED', distribution: { level: 'named_members', members: ['KE'] } });
    expect(canSeeReport(analyst('FR'), r, op)).toBe(true);
  });

  it('shares operation_participants reports with participants and the coordinator only', () => {
    const r = report({});
    expect(canSeeReport(analyst('KE'), r, op)).toBe(true);
    expect(canSeeReport(analyst('BR'), r, op)).toBe(false);
    expect(canSeeReport(coordinator('WCO'), r, op)).toBe(true);
    expect(canSeeReport(analyst('WCO'), r, op)).toBe(false); // coordinating organisation, but not as analyst
    expect(canSeeReport(coordinator('KE'), r, op)).toBe(false); // participant, but acting as coordinator
  });

  it('ignores an operation that is not the report’s', () => {
    const other = { ...op, id: '00000000-0000-4000-8000-000000000000', participantMembers: ['BR'] };
    expect(canSeeReport(analyst('BR'), report({}), other)).toBe(false);
    expect(canSeeReport(analyst('KE'), report({}))).toBe(false);
  });

  it('stops sharing the exchange of an archived operation', () => {
    expect(canSeeReport(analyst('KE'), report({}), { ...op, state: 'archived' })).toBe(false);
    expect(canSeeReport(analyst('FR'), report({}), { ...op, state: 'archived' })).toBe(true);
  });

  it('shows named_members reports to the named Members only', () => {
    const r = report({ distribution: { level: 'named_members', members: ['BR'] } });
    expect(canSeeReport(analyst('BR'), r, op)).toBe(true);
    expect(canSeeReport(analyst('KE'), r, op)).toBe(false); // a participant, but not named
    expect(canSeeReport(coordinator('WCO'), r, op)).toBe(false);
  });

  it('treats a RED or AMBER+STRICT report with a wider distribution as originator-only', () => {
    for (const tlp of ['RED', 'AMBER+STRICT'] as const) {
      expect(canSeeReport(analyst('KE'), report({ tlp }), op)).toBe(false);
      expect(canSeeReport(analyst('KE'), report({ tlp, distribution: { level: 'all_members' } }), op)).toBe(false);
    }
  });

  it('gives auditors and admins no report content', () => {
    const r = report({ distribution: { level: 'all_members' }, tlp: 'CLEAR' });
    expect(canSeeReport({ member: 'FR', roles: ['auditor'] }, r, op)).toBe(false);
    expect(canSeeReport({ member: 'FR', roles: ['admin'] }, r, op)).toBe(false);
    expect(canSeeReport(analyst('DE'), r, op)).toBe(true);
  });
});

describe('canSeePersonalData', () => {
  const r = report({ distribution: { level: 'named_members', members: ['KE', 'BR'] }, personalDataReleasedTo: ['KE'] });

  it('is limited to the originator and the Members it was released to', () => {
    expect(canSeePersonalData(analyst('FR'), r, op)).toBe(true);
    expect(canSeePersonalData(analyst('KE'), r, op)).toBe(true);
    expect(canSeePersonalData(analyst('BR'), r, op)).toBe(false);
    expect(canSeePersonalData(coordinator('KE'), r, op)).toBe(false);
  });

  it('is never granted by a release to a Member that cannot see the report', () => {
    const narrowed = { ...r, distribution: { level: 'named_members' as const, members: ['BR'] } };
    expect(canSeePersonalData(analyst('KE'), narrowed, op)).toBe(false);
  });

  it('is removed from the report by redactForCaller', () => {
    const stored = { ...r, personalData: { persons: [{ familyName: 'Jansen' }] } };
    expect(redactForCaller(analyst('KE'), stored, op).personalData).toEqual({ persons: [{ familyName: 'Jansen' }] });
    expect('personalData' in redactForCaller(analyst('BR'), stored, op)).toBe(false);
  });
});

describe('canExport', () => {
  it('lets only the originator export RED and AMBER+STRICT', () => {
    for (const tlp of ['RED', 'AMBER+STRICT'] as const) {
      const r = report({ tlp, distribution: { level: 'named_members', members: ['KE'] } });
      expect(canSeeReport(analyst('KE'), r, op)).toBe(true);
      expect(canExport(analyst('KE'), r, op)).toBe(false);
      expect(canExport(analyst('FR'), r, op)).toBe(true);
    }
  });

  it('lets every reader export AMBER, GREEN and CLEAR', () => {
    for (const tlp of ['AMBER', 'GREEN', 'CLEAR'] as const) {
      expect(canExport(analyst('KE'), report({ tlp }), op)).toBe(true);
      expect(canExport(analyst('BR'), report({ tlp }), op)).toBe(false);
    }
  });
});

describe('canKnowOfEachOther', () => {
  it('requires visibility in both directions', () => {
    const fr = { report: report({ distribution: { level: 'all_members' } }), operation: op };
    const keNamed = {
      report: report({ originatorMember: 'KE', distribution: { level: 'named_members', members: ['BR'] } }),
      operation: op,
    };
    const keToFr = { report: report({ originatorMember: 'KE', distribution: { level: 'named_members', members: ['FR'] } }), operation: op };
    expect(canKnowOfEachOther(fr, keNamed)).toBe(false); // KE sees FR's report, but FR may not see KE's
    expect(canKnowOfEachOther(keNamed, fr)).toBe(false);
    expect(canKnowOfEachOther(fr, keToFr)).toBe(true);
  });
});

describe('the rules over a generated matrix', () => {
  const reports = matrixReports();
  const callers = matrixCallers();

  it('is large enough to cover every combination', () => {
    expect(reports.length * callers.length).toBeGreaterThan(5000);
  });

  it('keeps the invariants for every report and caller', () => {
    for (const r of reports) {
      const o = operationFor(r);
      for (const c of callers) {
        const sees = canSeeReport(c, r, o);
        const label = `${c.member}/${c.roles.join('+')} on ${JSON.stringify(r)}`;
        const contentRole = c.roles.includes('member-analyst') || c.roles.includes('operation-coordinator');
        if (!contentRole) expect([label, sees]).toEqual([label, false]);
        if (c.roles.includes('member-analyst') && r.originatorMember === c.member) expect([label, sees]).toEqual([label, true]);
        if (canSeePersonalData(c, r, o) || canExport(c, r, o)) expect([label, sees]).toEqual([label, true]);
        if ((r.tlp === 'RED' || r.tlp === 'AMBER+STRICT') && sees && r.originatorMember !== c.member) {
          expect([label, r.distribution.level, r.distribution.members?.includes(c.member)]).toEqual([label, 'named_members', true]);
        }
        if (r.distribution.level === 'originator_only' && sees) expect([label, r.originatorMember]).toEqual([label, c.member]);
      }
    }
  });

  it('makes canKnowOfEachOther symmetric', () => {
    const sample = reports.filter((_, i) => i % 7 === 0);
    for (const a of sample) {
      for (const b of sample) {
        const x = { report: a, operation: operationFor(a) };
        const y = { report: b, operation: operationFor(b) };
        expect(canKnowOfEachOther(x, y)).toBe(canKnowOfEachOther(y, x));
      }
    }
  });
});

describe('visibilityPredicate', () => {
  it('passes the caller only as a parameter', () => {
    const hostile = "FR' OR 1=1 --";
    const p = visibilityPredicate({ member: hostile, roles: ['member-analyst', 'operation-coordinator'] }, 'rep', 3);
    expect(p.params).toEqual([hostile]);
    expect(p.sql).not.toContain(hostile);
    expect(p.sql).toContain('rep.originator_member = $3');
    expect(p.sql).not.toMatch(/\$[124]/);
  });

  it('matches nothing for callers without a content role', () => {
    expect(visibilityPredicate({ member: 'FR', roles: ['auditor', 'admin'] })).toEqual({ sql: 'FALSE', params: [] });
  });

  it('refuses an alias that is not a plain identifier', () => {
    expect(() => visibilityPredicate(analyst('FR'), 'r; DROP TABLE report')).toThrow('invalid SQL alias');
  });
});
