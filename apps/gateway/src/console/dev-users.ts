import type { WcoRole } from '@wco/auth';

export interface DevUser {
  /** What the console's development login sends. */
  id: string;
  /** Shown in the login list; never put in a token (a development name is not personal data, but keep the habit). */
  label: string;
  member: string;
  roles: WcoRole[];
}

/**
 * The development issuer's seeded users: one per journey of the console, two officers of different Members (a
 * match needs two). Their token subject is `dev-<id>`; the dev-token CLI can mint any other combination.
 */
export const DEV_USERS: readonly DevUser[] = [
  { id: 'officer-fr', label: 'Customs officer, France', member: 'FR', roles: ['member-analyst'] },
  { id: 'officer-de', label: 'Customs officer, Germany', member: 'DE', roles: ['member-analyst'] },
  { id: 'coordinator-wco', label: 'Operation coordinator, WCO Secretariat', member: 'WCO', roles: ['operation-coordinator'] },
  { id: 'auditor-wco', label: 'Auditor, WCO Secretariat', member: 'WCO', roles: ['auditor'] },
  { id: 'finance-wco', label: 'Finance officer, WCO Secretariat', member: 'WCO', roles: ['finance-officer'] },
  // Agrees the audit plan and accepts risks (budget-audit); a Member's delegate, not Secretariat staff.
  { id: 'audit-committee-be', label: 'Audit Committee member, Belgium', member: 'BE', roles: ['audit-committee'] },
  { id: 'editor-wco', label: 'Research editor, WCO Secretariat', member: 'WCO', roles: ['editor'] },
  // Accepts budget versions and approves virements (budget-audit); a Member's delegate to the Finance Committee.
  { id: 'finance-committee-ke', label: 'Finance Committee member, Kenya', member: 'KE', roles: ['finance-committee'] },
  { id: 'assistance-coordinator-wco', label: 'Assistance coordinator, WCO Secretariat', member: 'WCO', roles: ['assistance-coordinator'] },
];
