/** The platform's roles (DESIGN.md, "Users and roles"). Tokens may carry others; they are ignored. */
export const WCO_ROLES = [
  'member-analyst',
  'operation-coordinator',
  'assistance-coordinator',
  'expert',
  'finance-officer',
  'finance-committee',
  'auditor',
  'editor',
  'admin',
] as const;

export type WcoRole = (typeof WCO_ROLES)[number];

export function isWcoRole(value: unknown): value is WcoRole {
  return typeof value === 'string' && (WCO_ROLES as readonly string[]).includes(value);
}

/** Who made the request, as established from a verified bearer token. */
export interface Principal {
  /** `sub`: the user's stable identifier at the identity provider. */
  subject: string;
  /** Tenant: ISO 3166-1 alpha-2 code of the user's Member administration (`wco_member`), or `WCO` for Secretariat staff. */
  member: string;
  roles: WcoRole[];
  name?: string;
}
