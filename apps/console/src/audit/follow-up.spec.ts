import {
  actorsOf,
  daysPastDue,
  ENGAGEMENT_MOVES,
  findingBody,
  movesFor,
  movesFrom,
  PLAN_MOVES,
  RECOMMENDATION_MOVES,
  recommendationQuery,
} from './follow-up';

describe('audit follow-up: who gets which button', () => {
  const all = ['open', 'in_progress', 'implemented', 'closed', 'risk_accepted'];

  it('makes a Secretariat finance officer management, not a Member’s one; auditors and the committee by role', () => {
    expect(actorsOf({ roles: ['finance-officer'], member: 'WCO' })).toEqual(['management']);
    expect(actorsOf({ roles: ['finance-officer'], member: 'FR' })).toEqual([]);
    expect(actorsOf({ roles: ['auditor'], member: 'WCO' })).toEqual(['auditor']);
    expect(actorsOf({ roles: ['audit-committee'], member: 'BE' })).toEqual(['committee']);
    expect(actorsOf({ roles: ['finance-committee'], member: 'KE' })).toEqual([]);
    expect(actorsOf(null)).toEqual([]);
  });

  it('gives management the implementation moves of an open recommendation, the committee the risk acceptance (with a reason)', () => {
    expect(movesFor(RECOMMENDATION_MOVES, 'open', ['in_progress', 'implemented', 'risk_accepted'], ['management'])).toEqual([
      { to: 'in_progress', reason: false },
      { to: 'implemented', reason: false },
    ]);
    expect(movesFor(RECOMMENDATION_MOVES, 'open', ['in_progress', 'implemented', 'risk_accepted'], ['committee'])).toEqual([
      { to: 'risk_accepted', reason: true },
    ]);
    expect(movesFor(RECOMMENDATION_MOVES, 'open', all, ['auditor'])).toEqual([]);
  });

  it('gives the auditor the verification of an implemented one: closed, or back in progress with a reason', () => {
    expect(movesFor(RECOMMENDATION_MOVES, 'implemented', ['closed', 'in_progress', 'risk_accepted'], ['auditor'])).toEqual([
      { to: 'closed', reason: false },
      { to: 'in_progress', reason: true },
    ]);
    // Nobody moves a closed one.
    expect(movesFor(RECOMMENDATION_MOVES, 'closed', [], ['auditor', 'management', 'committee'])).toEqual([]);
  });

  it('offers only what the API lists from the state (its answer decides, the table only says whose move it is)', () => {
    expect(movesFor(RECOMMENDATION_MOVES, 'open', ['in_progress'], ['management'])).toEqual([{ to: 'in_progress', reason: false }]);
  });

  it('lets the auditor submit a draft plan and the Audit Committee agree it or return it with a reason', () => {
    expect(movesFor(PLAN_MOVES, 'draft', movesFrom(PLAN_MOVES, 'draft'), ['auditor'])).toEqual([{ to: 'submitted', reason: false }]);
    expect(movesFor(PLAN_MOVES, 'draft', movesFrom(PLAN_MOVES, 'draft'), ['committee'])).toEqual([]);
    expect(movesFor(PLAN_MOVES, 'submitted', movesFrom(PLAN_MOVES, 'submitted'), ['committee'])).toEqual([
      { to: 'agreed', reason: false },
      { to: 'draft', reason: true },
    ]);
    expect(movesFor(PLAN_MOVES, 'submitted', movesFrom(PLAN_MOVES, 'submitted'), ['auditor', 'management'])).toEqual([]);
    expect(movesFrom(PLAN_MOVES, 'agreed')).toEqual([]);
    expect(movesFrom(PLAN_MOVES, 'superseded')).toEqual([]);
  });

  it('splits an engagement’s moves between the auditor and management', () => {
    expect(movesFor(ENGAGEMENT_MOVES, 'planned', ['fieldwork'], ['auditor'])).toEqual([{ to: 'fieldwork', reason: false }]);
    expect(movesFor(ENGAGEMENT_MOVES, 'draft_report', ['management_response'], ['auditor'])).toEqual([]);
    expect(movesFor(ENGAGEMENT_MOVES, 'draft_report', ['management_response'], ['management'])).toEqual([
      { to: 'management_response', reason: false },
    ]);
  });
});

describe('audit follow-up: overdue and requests', () => {
  it('counts the days past the due date in UTC, 0 on the day and before', () => {
    expect(daysPastDue('2027-03-31', new Date('2027-03-31T23:30:00Z'))).toBe(0);
    expect(daysPastDue('2027-03-31', new Date('2027-04-01T00:10:00Z'))).toBe(1);
    expect(daysPastDue('2027-03-31', new Date('2027-05-01T12:00:00Z'))).toBe(31);
    expect(daysPastDue('2027-03-31', new Date('2027-01-01T00:00:00Z'))).toBe(0);
    expect(daysPastDue('not a date', new Date())).toBe(0);
  });

  it('puts only the chosen filters in the list’s query', () => {
    expect(recommendationQuery({})).toBe('');
    expect(recommendationQuery({ status: 'open' })).toBe('?status=open');
    expect(recommendationQuery({ status: '', overdue: true })).toBe('?overdue=true');
    expect(recommendationQuery({ status: 'in_progress', overdue: true })).toBe('?status=in_progress&overdue=true');
  });

  it('maps the finding form to the API’s body with a new id for the finding and each recommendation', () => {
    let n = 0;
    const id = () => `id-${++n}`;
    expect(
      findingBody(
        {
          title: 'Bank reconciliations',
          description: 'Not signed off',
          severity: 'high',
          recommendations: [{ text: 'Sign them monthly', priority: 'medium', owner: 'ORG2/FIN', dueDate: '2027-06-30' }],
        },
        id,
      ),
    ).toEqual({
      id: 'id-1',
      title: 'Bank reconciliations',
      description: 'Not signed off',
      severity: 'high',
      recommendations: [{ id: 'id-2', text: 'Sign them monthly', priority: 'medium', owner: 'ORG2/FIN', dueDate: '2027-06-30' }],
    });
  });
});
