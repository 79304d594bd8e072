import { TLP1_MARKING_IDS, TLP2_EXTENSION_CREATOR_ID, TLP2_EXTENSION_ID, TLP2_MARKING_IDS } from '../tlp-markings';

// The semantic checks of the OASIS validator (cti-stix-validator, Python, not installable here) that matter for the
// bundles intel-exchange exchanges, plus the rules the schemas cannot express. Tests run them, together with the
// JSON-schema check, on every export. Each returns human-readable violations; an empty list means conformant.

type Obj = Record<string, unknown> & { type?: unknown; id?: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** STIX 2.1 §3.1: a custom vocabulary value is lower case with hyphens (no underscores, no spaces). */
const VOCABULARY_VALUE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Open vocabularies (STIX 2.1 §10) of the properties our bundles use. */
export const OPEN_VOCABULARIES: Readonly<Record<string, { property: string; values: readonly string[] }[]>> = {
  report: [
    {
      property: 'report_types',
      values: [
        'attack-pattern',
        'campaign',
        'identity',
        'indicator',
        'intrusion-set',
        'malware',
        'observed-data',
        'threat-actor',
        'threat-report',
        'tool',
        'vulnerability',
      ],
    },
  ],
  indicator: [
    {
      property: 'indicator_types',
      values: ['anomalous-activity', 'anonymization', 'benign', 'compromised', 'malicious-activity', 'attribution', 'unknown'],
    },
  ],
  grouping: [{ property: 'context', values: ['suspicious-activity', 'malware-analysis', 'unspecified'] }],
  identity: [{ property: 'identity_class', values: ['individual', 'group', 'system', 'organization', 'class', 'unknown'] }],
  // The x-wco-customs observable's own vocabulary: custom values only, so hyphenated.
  'wco-transport-document': [{ property: 'document_kind', values: [] }],
};

/** Objects a bundle may reference without carrying them: the markings STIX predefines and the TLP 2.0 creator. */
const WELL_KNOWN = new Set<string>([...Object.values(TLP2_MARKING_IDS), ...Object.keys(TLP1_MARKING_IDS), TLP2_EXTENSION_CREATOR_ID]);

function refsOf(o: Obj): { path: string; ref: string }[] {
  const out: { path: string; ref: string }[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (key.endsWith('_ref') && typeof value === 'string') out.push({ path: key, ref: value });
    if (key.endsWith('_refs') && Array.isArray(value))
      value.forEach((v, i) => typeof v === 'string' && out.push({ path: `${key}[${i}]`, ref: v }));
  }
  if (Array.isArray(o['granular_markings'])) {
    (o['granular_markings'] as Obj[]).forEach(
      (g, i) =>
        typeof g?.['marking_ref'] === 'string' &&
        out.push({ path: `granular_markings[${i}].marking_ref`, ref: g['marking_ref'] as string }),
    );
  }
  return out;
}

/** Every semantic violation in the bundle; `[]` when it conforms. */
export function stixSemanticViolations(bundle: unknown): string[] {
  const errors: string[] = [];
  const objects = ((bundle as { objects?: unknown })?.objects ?? []) as Obj[];
  if (!Array.isArray(objects)) return ['bundle.objects is not a list'];
  const ids = new Map<string, number>();
  for (const o of objects) if (typeof o?.id === 'string') ids.set(o.id, (ids.get(o.id) ?? 0) + 1);

  for (const [id, count] of ids) if (count > 1) errors.push(`${id}: appears ${count} times in the bundle`);

  for (const o of objects) {
    const id = String(o?.id);
    const type = String(o?.type);
    // Identifiers: <type>--<UUID>, the prefix being the object's own type (validator: "id-type", "uuid").
    const [prefix, uuid, ...rest] = id.split('--');
    if (prefix !== type || !uuid || rest.length || !UUID.test(uuid)) errors.push(`${id}: id is not ${type}--<RFC 4122 UUID>`);

    // modified >= created (validator: "modified-created").
    if (typeof o['created'] === 'string' && typeof o['modified'] === 'string' && Date.parse(o['modified']) < Date.parse(o['created'])) {
      errors.push(`${id}: modified ${o['modified']} is before created ${o['created']}`);
    }

    for (const { path, ref } of refsOf(o)) {
      if (!ids.has(ref) && !WELL_KNOWN.has(ref)) errors.push(`${id}: ${path} ${ref} resolves to nothing in the bundle`);
    }
    for (const [key, value] of Object.entries(o)) {
      if (key.endsWith('_refs') && Array.isArray(value) && new Set(value).size !== value.length) {
        errors.push(`${id}: ${key} has duplicates`);
      }
    }

    // An extension named by its definition's id needs that definition in the bundle (TLP 2.0 markings included).
    const extensions = o['extensions'];
    if (extensions && typeof extensions === 'object') {
      for (const key of Object.keys(extensions)) {
        if (key.startsWith('extension-definition--') && !ids.has(key)) {
          errors.push(
            `${id}: uses ${key === TLP2_EXTENSION_ID ? 'the TLP 2.0 extension' : 'extension'} ${key}, whose extension-definition is not in the bundle`,
          );
        }
      }
    }

    for (const { property, values } of OPEN_VOCABULARIES[type] ?? []) {
      const value = o[property];
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        if (typeof v !== 'string' || (!values.includes(v) && !VOCABULARY_VALUE.test(v))) {
          errors.push(
            `${id}: ${property} value ${JSON.stringify(v)} is neither in the ${property.replace(/_types?$|_class$/, '')} vocabulary nor a hyphenated custom value`,
          );
        }
      }
    }

    // TLP 2.0 markings are recognised by id: a marking that says TLP must be the official object.
    if (type === 'marking-definition') {
      const tlp2 = (extensions as Record<string, { tlp_2_0?: string }> | undefined)?.[TLP2_EXTENSION_ID]?.tlp_2_0;
      const name = typeof o['name'] === 'string' ? (o['name'] as string) : '';
      const label = tlp2?.toUpperCase() ?? (name.startsWith('TLP:') ? name.slice(4) : undefined);
      if (label !== undefined) {
        const official = TLP2_MARKING_IDS[label as keyof typeof TLP2_MARKING_IDS];
        if (official !== id && !(id in TLP1_MARKING_IDS))
          errors.push(`${id}: TLP marking ${label} is not the official TLP 2.0 marking-definition ${official ?? '(no such label)'}`);
        if (tlp2 && name !== `TLP:${label}`) errors.push(`${id}: TLP 2.0 marking named ${JSON.stringify(name)}, not "TLP:${label}"`);
      }
    }
  }
  return errors;
}
