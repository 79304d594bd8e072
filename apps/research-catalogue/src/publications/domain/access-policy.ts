import type { Principal } from '@wco/auth';
import { isSecretariat } from '@wco/auth';
import type { AccessLevel } from './vocabulary';

/*
 * Who may see a publication. The catalogue has readers without a token (anonymous: the public, harvesters), so
 * the caller is a Principal or undefined.
 *
 * - Editors of the Secretariat (role `editor`, `wco_member: WCO`) see everything, embargoed and restricted included:
 *   they wrote it. An `editor` role in a Member's token grants nothing more than membership does (fail closed: the
 *   research unit is Secretariat staff, a Member's IdP cannot mint catalogue editors).
 * - While a publication is under embargo only those editors see it, whatever its access level.
 * - `public`: everyone, without a token. `members`: any authenticated user of a Member or of the Secretariat.
 *   `restricted`: users of the named Members only.
 * - A withdrawn publication keeps these rules for its tombstone; it leaves lists, search and facets.
 *
 * Everything the caller may not see answers as an id that does not exist (same 404, no count, facet, suggestion,
 * OAI-PMH record or event that reveals it). The same rules are written once in TypeScript (one record) and once in
 * SQL (lists, search, facets); the access-matrix test checks both against rules written in the test itself.
 */

export interface AccessFacts {
  access: AccessLevel;
  restrictedMembers: readonly string[];
  embargoed: boolean;
}

export type Reader = Principal | undefined;

export function isCatalogueEditor(reader: Reader): boolean {
  return !!reader && reader.roles.includes('editor') && isSecretariat(reader);
}

export function canSeePublication(reader: Reader, p: AccessFacts): boolean {
  if (isCatalogueEditor(reader)) return true;
  if (p.embargoed) return false;
  if (p.access === 'public') return true;
  if (!reader) return false;
  if (p.access === 'members') return true;
  return p.restrictedMembers.includes(reader.member);
}

/**
 * The same rule as a SQL predicate over a `publication` row aliased `p`; `param` is the next free placeholder
 * number. Returns the clause and its parameters.
 */
export function visibleSql(reader: Reader, param: number): { sql: string; params: unknown[] } {
  if (isCatalogueEditor(reader)) return { sql: 'TRUE', params: [] };
  if (!reader) return { sql: `(NOT p.embargoed AND p.access = 'public')`, params: [] };
  return {
    sql: `(NOT p.embargoed AND (p.access IN ('public', 'members') OR (p.access = 'restricted' AND $${param}::text = ANY(p.restricted_members))))`,
    params: [reader.member],
  };
}

/** What harvesters (OAI-PMH, anonymous by nature) see: public records that are out of embargo. */
export const HARVESTABLE_SQL = `(NOT p.embargoed AND p.access = 'public')`;

/**
 * What OAI-PMH lists: every record harvesters ever saw (`harvested_version` set when it was harvestable). One that is
 * not harvestable any more (withdrawn, no longer public, back under embargo) is a deleted record, shown with the
 * header of the version harvesters last saw, so nothing of a later non-public version reaches them. While a record
 * is harvestable, every change sets `harvested_version` to its latest version (`syncHarvested`), so the harvest
 * joins the version `harvested_version` names: a plain equality PostgreSQL estimates well.
 */
export const HARVESTED_SQL = `(p.harvested_version IS NOT NULL)`;
export const HARVEST_DELETED_SQL = `(p.withdrawn_at IS NOT NULL OR NOT ${HARVESTABLE_SQL})`;
