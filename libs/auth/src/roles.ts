/** The platform's roles (DESIGN.md, "Users and roles"). Tokens may carry others; they are ignored. */
export const WCO_ROLES = [
  'member-analyst',
  'operation-coordinator',
  'assistance-coordinator',
  'expert',
  'finance-officer',
  'finance-committee',
  'auditor',
  'audit-committee',
  'editor',
  'admin',
] as const;

export type WcoRole = (typeof WCO_ROLES)[number];

export function isWcoRole(value: unknown): value is WcoRole {
  return typeof value === 'string' && (WCO_ROLES as readonly string[]).includes(value);
}

/** The `wco_member` of WCO Secretariat staff (coordinators of the Secretariat or a RILO, auditors...). */
export const WCO_SECRETARIAT = 'WCO';

/** Who made the request, as established from a verified bearer token. */
export interface Principal {
  /** `sub`: the user's stable identifier at the identity provider (1 to 255 characters, no control characters). */
  subject: string;
  /**
   * Tenant, from `wco_member`, always present: the ISO 3166-1 alpha-2 code of the user's Member administration,
   * or `WCO` for Secretariat staff. A token without it is refused: staff are never inferred from a missing claim.
   */
  member: string;
  roles: WcoRole[];
  name?: string;
}

/** WCO Secretariat staff, as the token says explicitly (`wco_member: "WCO"`). */
export function isSecretariat(principal: Pick<Principal, 'member'>): boolean {
  return principal.member === WCO_SECRETARIAT;
}
