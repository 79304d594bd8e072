import type { Schemas } from '../api/client';

/** The sections the API document names for a correction (`CorrectionChangesDto`, generated from intel-exchange). */
type Correctable = keyof Schemas['intel-exchange.CorrectionChangesDto'];

/**
 * A correction request replaces whole sections of a report (`changes.<section>`, each as in a submission): the
 * sections another Member may correct, in the order the form shows them. Checked against the API document both
 * ways: a name it does not have, or a section it names and this list lacks, fails the typecheck.
 */
export const CORRECTABLE_SECTIONS = [
  'type',
  'whenWhere',
  'goods',
  'concealment',
  'detection',
  'conveyance',
  'route',
  'companies',
  'persons',
  'grading',
] as const satisfies readonly Correctable[];
export type Section = (typeof CORRECTABLE_SECTIONS)[number];
type Unlisted = Exclude<Correctable, Section>;
const EVERY_SECTION_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
void EVERY_SECTION_LISTED;

/** One value of a section as the form edits it: its dotted path in the report, its text, the type it is sent as. */
export interface Leaf {
  path: string;
  text: string;
  type: 'string' | 'number' | 'boolean';
}

/** Every value under `value` (objects and arrays walked, `goods.1.quantity.value`), in the report's order. */
export function leavesOf(value: unknown, path: string): Leaf[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => leavesOf(item, `${path}.${i}`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leavesOf(v, `${path}.${k}`));
  if (typeof value === 'number') return [{ path, text: String(value), type: 'number' }];
  if (typeof value === 'boolean') return [{ path, text: String(value), type: 'boolean' }];
  return [{ path, text: String(value), type: 'string' }];
}

/**
 * The section's values in the form: the report's current ones, or, for a section the report does not have, the
 * report form's fields of that section, empty (`numeric` ones typed as numbers).
 */
export function sectionLeaves(
  report: Record<string, unknown>,
  section: Section,
  formFields: { path: string; numeric?: boolean }[],
): Leaf[] {
  const current = leavesOf(report[section], section);
  if (current.length) return current;
  return formFields
    .filter((f) => f.path === section || f.path.startsWith(`${section}.`))
    .map((f) => ({ path: f.path, text: '', type: f.numeric ? ('number' as const) : ('string' as const) }));
}

/** `goods.1.quantity.value` → `goods.0.quantity.value`: the report form's field that describes any item's value. */
export const specPath = (path: string): string => path.replace(/\.\d+(?=\.|$)/g, '.0');

function typed(leaf: Leaf): unknown {
  const text = leaf.text.trim();
  if (leaf.type === 'number') {
    // Not a number: sent as typed, the API says why beside the field (the console does not re-implement its rules).
    const n = Number(text.replace(',', '.'));
    return text !== '' && Number.isFinite(n) ? n : text;
  }
  if (leaf.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return leaf.text;
}

/**
 * The section rebuilt from the edited values, as `changes[section]`: emptied values left out (an optional value
 * removed), array items kept in their places; the `type` section is a single value.
 */
export function sectionValue(section: Section, leaves: Leaf[]): unknown {
  const kept = leaves.filter((l) => l.text.trim() !== '');
  if (kept.some((l) => l.path === section)) return typed(kept.find((l) => l.path === section) as Leaf);
  let root: unknown = undefined;
  for (const leaf of kept) {
    const keys = leaf.path.split('.').slice(1);
    if (root === undefined) root = /^\d+$/.test(keys[0]) ? [] : {};
    let node = root as Record<string, unknown>;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) node[key] = typed(leaf);
      else {
        if (node[key] === undefined) node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
        node = node[key] as Record<string, unknown>;
      }
    });
  }
  // Arrays whose first items were emptied out keep no holes.
  const compact = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.filter((x) => x !== undefined).map(compact)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]))
        : v;
  return root === undefined ? null : compact(root);
}
