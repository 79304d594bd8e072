import { allowedTransitions, findTransition, REQUEST_STATES, TERMINAL_STATES, TRANSITIONS } from './request-workflow';

describe('request workflow', () => {
  it('reaches closed from draft along the main path, each step by the actor the issue names', () => {
    const path = [
      'draft',
      'submitted',
      'screening',
      'needs_assessment',
      'pending_approval',
      'approved',
      'mission_planning',
      'scheduled',
      'in_delivery',
      'delivered',
      'evaluation',
      'closed',
    ] as const;
    for (let i = 1; i < path.length; i += 1) {
      const rule = findTransition(path[i - 1], path[i]);
      expect(rule?.by).toEqual(path[i] === 'submitted' ? ['requester'] : ['coordinator']);
    }
  });

  it('has no move out of a terminal state and every state reachable from draft', () => {
    for (const s of TERMINAL_STATES) expect(allowedTransitions(s)).toEqual([]);
    const reached = new Set<string>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of TRANSITIONS) {
        if (reached.has(t.from) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('resumes an on-hold request only where it was held from', () => {
    expect(findTransition('on_hold', 'scheduled', 'scheduled')?.by).toEqual(['coordinator']);
    expect(findTransition('on_hold', 'scheduled', 'screening')).toBeUndefined();
    expect(allowedTransitions('on_hold', 'approved').map((a) => a.to)).toEqual(['approved', 'cancelled']);
  });

  it('lets the requester cancel only before approval, and the coordinator until delivery starts', () => {
    expect(findTransition('pending_approval', 'cancelled')?.by.sort()).toEqual(['coordinator', 'requester']);
    expect(findTransition('approved', 'cancelled')?.by).toEqual(['coordinator']);
    expect(findTransition('in_delivery', 'cancelled')).toBeUndefined();
    expect(findTransition('draft', 'cancelled')?.by).toEqual(['requester']);
  });
});
