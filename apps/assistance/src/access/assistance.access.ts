import { isSecretariat } from '@wco/auth';
import type { Principal } from '@wco/auth';

/*
 * Who sees what in assistance (the one gate of every read and write; the services call these, never role checks
 * of their own):
 * - an assistance-coordinator of the WCO Secretariat sees every request and mission and drives the workflow; the
 *   role in a Member's token does not make a Member officer a coordinator (fail closed);
 * - a member-analyst of a Member administration sees the requests of that Member and their missions, nothing else;
 * - an expert sees the missions assigned to them (matched by the token's `sub` against the roster), never a request.
 * Whatever the caller may not see answers exactly like an id that does not exist.
 */

export function isCoordinator(caller: Principal): boolean {
  return isSecretariat(caller) && caller.roles.includes('assistance-coordinator');
}

export function isRequesterOf(caller: Principal, member: string): boolean {
  return !isSecretariat(caller) && caller.member === member && caller.roles.includes('member-analyst');
}

export function canSeeRequest(caller: Principal, request: { member: string }): boolean {
  return isCoordinator(caller) || isRequesterOf(caller, request.member);
}

/** `assignedSubjects`: the token subjects of the experts assigned to the mission. */
export function canSeeMission(caller: Principal, mission: { member: string }, assignedSubjects: readonly string[]): boolean {
  if (isCoordinator(caller) || isRequesterOf(caller, mission.member)) return true;
  return caller.roles.includes('expert') && assignedSubjects.includes(caller.subject);
}

/**
 * A follow-up visit is seen like a mission: coordinators, the requesting Member's officers, and the experts
 * assigned to the mission it follows up (`assignedSubjects`, empty for a visit not linked to a mission).
 */
export function canSeeFollowUp(caller: Principal, visit: { member: string }, assignedSubjects: readonly string[]): boolean {
  return canSeeMission(caller, visit, assignedSubjects);
}
