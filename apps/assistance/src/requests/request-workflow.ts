/*
 * The request workflow as data: every state, every transition and who may take it. The service asks this module
 * whether a move is legal and who may make it, and nothing else decides it, so the 409 that lists the allowed moves
 * and the transitions that run can never disagree.
 *
 * Actors: `requester` = a member-analyst of the requesting Member administration; `coordinator` = an
 * assistance-coordinator of the WCO Secretariat. On hold remembers the state it was put on hold from and can only
 * go back there (or be cancelled).
 */

// The states are the event contract's (RequestMovedEvent carries them to the Member), defined once there.
import { REQUEST_STATES } from '@wco/contracts';
import type { RequestState } from '@wco/contracts';

export { REQUEST_STATES };
export type { RequestState };

export type WorkflowActor = 'requester' | 'coordinator';

/** Conditions a transition needs besides the state and the role; checked by the service against the database. */
export type TransitionGuard =
  'duplicate_of_required' | 'funded_mission_required' | 'missions_delivered_required' | 'evaluation_required' | 'needs_assessment_required';

export interface TransitionRule {
  from: RequestState;
  to: RequestState;
  by: readonly WorkflowActor[];
  guard?: TransitionGuard;
}

const HOLDABLE: RequestState[] = ['screening', 'needs_assessment', 'pending_approval', 'approved', 'mission_planning', 'scheduled'];
const CANCELLABLE_BY_REQUESTER: RequestState[] = [
  'draft',
  'submitted',
  'screening',
  'info_requested',
  'needs_assessment',
  'pending_approval',
];
const CANCELLABLE_BY_COORDINATOR: RequestState[] = [
  ...CANCELLABLE_BY_REQUESTER.filter((s) => s !== 'draft'),
  'approved',
  'mission_planning',
  'scheduled',
  'on_hold',
];

const C = ['coordinator'] as const;
const R = ['requester'] as const;

export const TRANSITIONS: readonly TransitionRule[] = Object.freeze([
  { from: 'draft', to: 'submitted', by: R },
  { from: 'submitted', to: 'screening', by: C },
  { from: 'screening', to: 'info_requested', by: C },
  { from: 'info_requested', to: 'screening', by: R },
  { from: 'screening', to: 'needs_assessment', by: C },
  { from: 'screening', to: 'rejected', by: C },
  { from: 'screening', to: 'duplicate', by: C, guard: 'duplicate_of_required' },
  { from: 'needs_assessment', to: 'pending_approval', by: C, guard: 'needs_assessment_required' },
  { from: 'pending_approval', to: 'approved', by: C },
  { from: 'pending_approval', to: 'rejected', by: C },
  { from: 'pending_approval', to: 'duplicate', by: C, guard: 'duplicate_of_required' },
  { from: 'approved', to: 'mission_planning', by: C },
  { from: 'mission_planning', to: 'scheduled', by: C, guard: 'funded_mission_required' },
  { from: 'scheduled', to: 'in_delivery', by: C },
  { from: 'in_delivery', to: 'delivered', by: C, guard: 'missions_delivered_required' },
  { from: 'delivered', to: 'evaluation', by: C },
  { from: 'evaluation', to: 'closed', by: C, guard: 'evaluation_required' },
  ...HOLDABLE.map((from): TransitionRule => ({ from, to: 'on_hold', by: C })),
  ...CANCELLABLE_BY_REQUESTER.map((from): TransitionRule => ({ from, to: 'cancelled', by: R })),
  ...CANCELLABLE_BY_COORDINATOR.map((from): TransitionRule => ({ from, to: 'cancelled', by: C })),
]);

export interface AllowedTransition {
  to: RequestState;
  by: WorkflowActor[];
}

/** The moves out of `state`, merged per target; `heldFrom` is where an on-hold request resumes. */
export function allowedTransitions(state: RequestState, heldFrom?: RequestState | null): AllowedTransition[] {
  const rules: TransitionRule[] = TRANSITIONS.filter((t) => t.from === state);
  if (state === 'on_hold' && heldFrom) rules.unshift({ from: 'on_hold', to: heldFrom, by: C });
  const merged = new Map<RequestState, Set<WorkflowActor>>();
  for (const r of rules) {
    const by = merged.get(r.to) ?? new Set<WorkflowActor>();
    r.by.forEach((a) => by.add(a));
    merged.set(r.to, by);
  }
  return [...merged].map(([to, by]) => ({ to, by: [...by].sort() }));
}

/** The rule for one move, or undefined when the workflow has no such move from `from`. */
export function findTransition(
  from: RequestState,
  to: RequestState,
  heldFrom?: RequestState | null,
): { by: WorkflowActor[]; guards: TransitionGuard[] } | undefined {
  if (from === 'on_hold' && heldFrom && to === heldFrom) return { by: ['coordinator'], guards: [] };
  const rules = TRANSITIONS.filter((t) => t.from === from && t.to === to);
  if (rules.length === 0) return undefined;
  return { by: [...new Set(rules.flatMap((r) => r.by))], guards: [...new Set(rules.flatMap((r) => (r.guard ? [r.guard] : [])))] };
}

export const TERMINAL_STATES: readonly RequestState[] = ['rejected', 'duplicate', 'closed', 'cancelled'];
