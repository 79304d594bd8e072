import { Tlp, TLP_LEVELS } from '../domain/code-lists';

// TLP 2.0 marking definitions exactly as published by OASIS (cti-stix-common-objects,
// extension-definition-specifications/tlp-2.0): fixed ids, created 2022-10-01, carried by the TLP 2.0 property
// extension. Consumers recognise them by id, so they must never be re-minted.

export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
/** The identity (CISA) that created the TLP 2.0 extension; published by reference only, so not shipped. */
export const TLP2_EXTENSION_CREATOR_ID = 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01';

/**
 * The TLP 2.0 extension-definition exactly as published (cti-stix-common-objects,
 * objects/extension-definition/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d.json). Every bundle whose
 * markings use the extension carries it, so a consumer can resolve the reference.
 */
export function tlp2ExtensionDefinition() {
  return {
    type: 'extension-definition' as const,
    spec_version: '2.1' as const,
    id: TLP2_EXTENSION_ID,
    created: '2022-10-01T00:00:00.000Z',
    modified: '2022-10-01T00:00:00.000Z',
    created_by_ref: TLP2_EXTENSION_CREATOR_ID,
    name: 'TLP 2.0',
    description: 'This defines TLP 2.0 as a STIX extension',
    schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}

export const TLP2_MARKING_IDS: Readonly<Record<Tlp, string>> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** STIX 2.1's predefined TLP 1.0 markings, accepted on import (WHITE is CLEAR under TLP 2.0). */
export const TLP1_MARKING_IDS: Readonly<Record<string, Tlp>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

export interface TlpMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: string }>;
}

export function tlpMarkingDefinition(tlp: Tlp): TlpMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

/** The TLP a set of marking refs carries; the most restrictive one when several are present. */
export function tlpFromMarkingRefs(refs: readonly string[]): Tlp | undefined {
  const order: readonly Tlp[] = TLP_LEVELS;
  let found: Tlp | undefined;
  for (const ref of refs) {
    const tlp = (Object.keys(TLP2_MARKING_IDS) as Tlp[]).find((k) => TLP2_MARKING_IDS[k] === ref) ?? TLP1_MARKING_IDS[ref];
    if (tlp && (!found || order.indexOf(tlp) > order.indexOf(found))) found = tlp;
  }
  return found;
}

/** The more restrictive of two TLP labels. */
export function stricterTlp(a: Tlp, b: Tlp): Tlp {
  return TLP_LEVELS.indexOf(b) > TLP_LEVELS.indexOf(a) ? b : a;
}
