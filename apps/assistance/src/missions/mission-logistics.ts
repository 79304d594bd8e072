/*
 * The logistics of a mission as data: the steps in order, who may take each move, and which need a reason. The
 * service asks this module and nothing else, so the 409 that lists the allowed moves and the moves that run agree.
 */
import { LOGISTICS_EXPERT_STEPS, LOGISTICS_STATUSES } from './missions.repository';
import type { LogisticsStatus, MissionState } from './missions.repository';

export type LogisticsActor = 'coordinator' | 'expert';

export interface LogisticsMove {
  to: LogisticsStatus;
  by: LogisticsActor[];
  /** A move back (a cancelled flight, a venue lost) says why. */
  reasonRequired: boolean;
}

/** Logistics are arranged while the mission is ahead: planned or scheduled. */
export const LOGISTICS_MISSION_STATES: readonly MissionState[] = ['planned', 'scheduled'];

/** From `from`: the next step forward, or back to any earlier step. */
export function logisticsMovesFrom(from: LogisticsStatus): LogisticsMove[] {
  const at = LOGISTICS_STATUSES.indexOf(from);
  const moves: LogisticsMove[] = [];
  const next = LOGISTICS_STATUSES[at + 1];
  if (next)
    moves.push({
      to: next,
      by: LOGISTICS_EXPERT_STEPS.includes(next) ? ['coordinator', 'expert'] : ['coordinator'],
      reasonRequired: false,
    });
  for (const back of LOGISTICS_STATUSES.slice(0, at)) moves.push({ to: back, by: ['coordinator'], reasonRequired: true });
  return moves;
}
