import type {
  CommodityCategory,
  ConcealmentMethod,
  CountryCode,
  DetectionMethod,
  LocationType,
  OperationState,
  QuantityUnit,
  TransportMode,
} from '../../apps/intel-exchange/src/domain/code-lists';
import { Rng } from './prng';

// The fixed "world" of the benchmark: 40 Members with their ports and airports, commodity trade patterns and
// 20 joint operations. Figures come from the shape of real CEN data (a few Members report most seizures, drugs and
// tobacco dominate, cocaine flows from the Andean countries to European and North American ports, etc.).

export interface MemberProfile {
  code: CountryCode;
  /** How much the Member reports, relative to the others. */
  weight: number;
  seaport?: string;
  airport: string;
  /** Inland office or land border crossing. */
  inland?: string;
  /** Regional hub Members add transit points to routes. */
  hub?: boolean;
}

export const MEMBERS: readonly MemberProfile[] = [
  { code: 'NL', weight: 9, seaport: 'NLRTM', airport: 'NLAMS', inland: 'NLVEN', hub: true },
  { code: 'BE', weight: 8, seaport: 'BEANR', airport: 'BEBRU', inland: 'BELGG', hub: true },
  { code: 'DE', weight: 7, seaport: 'DEHAM', airport: 'DEFRA', inland: 'DEDUS' },
  { code: 'FR', weight: 7, seaport: 'FRLEH', airport: 'FRCDG', inland: 'FRLYS' },
  { code: 'ES', weight: 8, seaport: 'ESALG', airport: 'ESMAD', inland: 'ESZAZ', hub: true },
  { code: 'IT', weight: 5, seaport: 'ITGOA', airport: 'ITFCO', inland: 'ITMIL' },
  { code: 'PT', weight: 3, seaport: 'PTSIE', airport: 'PTLIS' },
  { code: 'GB', weight: 6, seaport: 'GBFXT', airport: 'GBLHR', inland: 'GBDVR' },
  { code: 'IE', weight: 2, seaport: 'IEDUB', airport: 'IEORK' },
  { code: 'PL', weight: 4, seaport: 'PLGDN', airport: 'PLWAW', inland: 'PLTER' },
  { code: 'US', weight: 7, seaport: 'USLAX', airport: 'USJFK', inland: 'USLRD' },
  { code: 'CA', weight: 3, seaport: 'CAVAN', airport: 'CAYYZ' },
  { code: 'MX', weight: 3, seaport: 'MXZLO', airport: 'MXMEX', inland: 'MXNLD' },
  { code: 'BR', weight: 4, seaport: 'BRSSZ', airport: 'BRGRU' },
  { code: 'CO', weight: 3, seaport: 'COBUN', airport: 'COBOG' },
  { code: 'EC', weight: 3, seaport: 'ECGYE', airport: 'ECUIO' },
  { code: 'PE', weight: 2, seaport: 'PECLL', airport: 'PELIM' },
  { code: 'PA', weight: 2, seaport: 'PABLB', airport: 'PAPTY', hub: true },
  { code: 'AR', weight: 1, seaport: 'ARBUE', airport: 'AREZE' },
  { code: 'CL', weight: 1, seaport: 'CLSAI', airport: 'CLSCL' },
  { code: 'ZA', weight: 2, seaport: 'ZADUR', airport: 'ZAJNB', inland: 'ZABBR' },
  { code: 'KE', weight: 2, seaport: 'KEMBA', airport: 'KENBO', inland: 'KEBUS' },
  { code: 'NG', weight: 2, seaport: 'NGAPP', airport: 'NGLOS' },
  { code: 'GH', weight: 1, seaport: 'GHTEM', airport: 'GHACC' },
  { code: 'SN', weight: 1, seaport: 'SNDKR', airport: 'SNDSS' },
  { code: 'MA', weight: 3, seaport: 'MAPTM', airport: 'MACMN', hub: true },
  { code: 'EG', weight: 1, seaport: 'EGPSD', airport: 'EGCAI' },
  { code: 'AE', weight: 3, seaport: 'AEJEA', airport: 'AEDXB', hub: true },
  { code: 'SA', weight: 2, seaport: 'SAJED', airport: 'SARUH' },
  { code: 'TR', weight: 3, seaport: 'TRMER', airport: 'TRIST', inland: 'TRKPK', hub: true },
  { code: 'IN', weight: 3, seaport: 'INNSA', airport: 'INDEL' },
  { code: 'PK', weight: 1, seaport: 'PKKHI', airport: 'PKLHE' },
  { code: 'CN', weight: 3, seaport: 'CNSHA', airport: 'CNPVG' },
  { code: 'HK', weight: 3, seaport: 'HKHKG', airport: 'HKHKG', hub: true },
  { code: 'SG', weight: 2, seaport: 'SGSIN', airport: 'SGSIN', hub: true },
  { code: 'MY', weight: 2, seaport: 'MYPKG', airport: 'MYKUL' },
  { code: 'TH', weight: 2, seaport: 'THLCH', airport: 'THBKK', inland: 'THSDO' },
  { code: 'VN', weight: 1, seaport: 'VNSGN', airport: 'VNHAN' },
  { code: 'JP', weight: 2, seaport: 'JPTYO', airport: 'JPNRT' },
  { code: 'AU', weight: 3, seaport: 'AUMEL', airport: 'AUSYD' },
];

export const MEMBER_CODES: readonly CountryCode[] = MEMBERS.map((m) => m.code);
export const HUB_MEMBERS: readonly CountryCode[] = MEMBERS.filter((m) => m.hub).map((m) => m.code);

export function memberProfile(code: string): MemberProfile {
  const found = MEMBERS.find((m) => m.code === code);
  if (!found) throw new Error(`no member profile for ${code}`);
  return found;
}

export interface CommodityProfile {
  category: CommodityCategory;
  weight: number;
  hsCodes: readonly string[];
  units: readonly QuantityUnit[];
  /** Where the goods come from (origin countries, Members or not). */
  sources: readonly CountryCode[];
  /** Where they go. */
  markets: readonly CountryCode[];
  descriptions: readonly string[];
  /** Typical quantity range in the first unit. */
  quantity: [number, number];
  /** Value per unit of quantity, EUR. */
  unitValue: number;
}

export const COMMODITIES: readonly CommodityProfile[] = [
  {
    category: 'drugs',
    weight: 25,
    hsCodes: ['293972', '293911', '121190', '130219', '293990', '29397100'],
    units: ['kg', 'g', 'tablets'],
    sources: ['CO', 'EC', 'PE', 'BO', 'BR', 'MX', 'PA', 'AF', 'MM', 'MA'],
    markets: ['NL', 'BE', 'ES', 'GB', 'DE', 'FR', 'IT', 'US', 'AU', 'TR'],
    descriptions: [
      'Cocaine hydrochloride bricks',
      'Heroin packages',
      'Cannabis resin',
      'Herbal cannabis',
      'Methamphetamine crystals',
      'Captagon tablets',
    ],
    quantity: [1, 800],
    unitValue: 35_000,
  },
  {
    category: 'tobacco',
    weight: 15,
    hsCodes: ['240220', '240311', '240399', '240120', '24022090'],
    units: ['sticks', 'cartons', 'kg'],
    sources: ['AE', 'CN', 'VN', 'BY', 'PY', 'TR'],
    markets: ['GB', 'FR', 'DE', 'IE', 'PL', 'NL', 'ES', 'IT'],
    descriptions: ['Counterfeit cigarettes', 'Illicit whites cigarettes', 'Water-pipe tobacco', 'Raw tobacco leaf'],
    quantity: [10_000, 9_000_000],
    unitValue: 0.3,
  },
  {
    category: 'ipr',
    weight: 12,
    hsCodes: ['640399', '420221', '910211', '851762', '611020', '330300', '950300'],
    units: ['pieces', 'pairs', 'cartons'],
    sources: ['CN', 'HK', 'TR', 'VN', 'IN', 'TH'],
    markets: ['DE', 'FR', 'IT', 'ES', 'NL', 'GB', 'US', 'AE'],
    descriptions: [
      'Counterfeit sports shoes',
      'Fake branded handbags',
      'Counterfeit watches',
      'Fake mobile phones',
      'Counterfeit perfume',
      'Fake toys',
    ],
    quantity: [50, 40_000],
    unitValue: 25,
  },
  {
    category: 'wildlife_cites',
    weight: 8,
    hsCodes: ['050710', '410692', '030289', '060290', '010619', '960190'],
    units: ['kg', 'pieces', 'heads'],
    sources: ['NG', 'KE', 'MZ', 'CD', 'CM', 'ZA', 'MG', 'ID'],
    markets: ['CN', 'VN', 'HK', 'TH', 'MY', 'AE'],
    descriptions: ['Raw ivory tusks', 'Pangolin scales', 'Shark fins', 'Live reptiles', 'Rosewood logs', 'Carved ivory'],
    quantity: [1, 3_000],
    unitValue: 900,
  },
  {
    category: 'medicines',
    weight: 8,
    hsCodes: ['300490', '300420', '293629', '300439', '300450'],
    units: ['tablets', 'packs', 'ampoules'],
    sources: ['IN', 'CN', 'PK', 'BD'],
    markets: ['NG', 'GH', 'SN', 'KE', 'FR', 'GB', 'US', 'SA'],
    descriptions: [
      'Falsified antimalarials',
      'Unlicensed tramadol tablets',
      'Counterfeit erectile dysfunction pills',
      'Falsified antibiotics',
    ],
    quantity: [1_000, 5_000_000],
    unitValue: 0.2,
  },
  {
    category: 'alcohol',
    weight: 5,
    hsCodes: ['220830', '220860', '220421', '220300'],
    units: ['l', 'bottles'],
    sources: ['GB', 'FR', 'MX', 'RU', 'PL'],
    markets: ['SA', 'AE', 'NG', 'KE', 'IN', 'PL'],
    descriptions: ['Undeclared whisky', 'Counterfeit vodka', 'Wine without excise stamps', 'Beer over allowance'],
    quantity: [50, 40_000],
    unitValue: 12,
  },
  {
    category: 'weapons',
    weight: 4,
    hsCodes: ['930120', '930200', '930690', '930591'],
    units: ['pieces'],
    sources: ['US', 'TR', 'RS', 'UA', 'CZ'],
    markets: ['MX', 'BR', 'NG', 'GB', 'NL', 'AU'],
    descriptions: ['Semi-automatic pistols', 'Ammunition cartridges', 'Gun parts in machinery', 'Blank-firing pistols'],
    quantity: [1, 5_000],
    unitValue: 600,
  },
  {
    category: 'currency',
    weight: 4,
    hsCodes: ['490700', '711890', '710812'],
    units: ['pieces', 'kg'],
    sources: ['NL', 'ES', 'US', 'MX', 'AE', 'GB'],
    markets: ['CO', 'MA', 'AE', 'TR', 'HK', 'PA'],
    descriptions: ['Undeclared cash in banknotes', 'Gold bars', 'Cash hidden in luggage'],
    quantity: [10_000, 2_000_000],
    unitValue: 1,
  },
  {
    category: 'precursors',
    weight: 4,
    hsCodes: ['291521', '293299', '284130', '291631', '293919'],
    units: ['kg', 'l'],
    sources: ['CN', 'IN', 'NL', 'DE'],
    markets: ['MX', 'CO', 'NL', 'BE', 'MM'],
    descriptions: ['Acetic anhydride', 'BMK glycidate', 'Potassium permanganate', 'P2P precursor'],
    quantity: [20, 30_000],
    unitValue: 30,
  },
  {
    category: 'waste',
    weight: 4,
    hsCodes: ['854911', '391590', '470790', '300680', '870899'],
    units: ['kg', 't'],
    sources: ['DE', 'GB', 'US', 'IT', 'NL', 'BE', 'JP'],
    markets: ['NG', 'GH', 'MY', 'VN', 'TR', 'TH'],
    descriptions: ['Used lead-acid batteries', 'Mixed plastic waste', 'E-waste declared as second-hand goods', 'End-of-life vehicle parts'],
    quantity: [500, 400_000],
    unitValue: 0.5,
  },
  {
    category: 'cultural_goods',
    weight: 2,
    hsCodes: ['970110', '970500', '970600', '970190'],
    units: ['pieces'],
    sources: ['EG', 'IQ', 'SY', 'PE', 'IT', 'LY'],
    markets: ['US', 'GB', 'DE', 'FR', 'AE', 'CH'],
    descriptions: ['Antique coins', 'Looted statue fragments', 'Pre-Columbian pottery', 'Antique manuscripts'],
    quantity: [1, 800],
    unitValue: 4_000,
  },
  {
    category: 'ozone_depleting_substances',
    weight: 2,
    hsCodes: ['290377', '382478', '290379'],
    units: ['kg', 'pieces'],
    sources: ['CN', 'IN'],
    markets: ['TR', 'UA', 'NG', 'PL', 'TH'],
    descriptions: ['HCFC-22 cylinders', 'Mislabelled refrigerant gas', 'HFC blends without licence'],
    quantity: [10, 20_000],
    unitValue: 8,
  },
  {
    category: 'other',
    weight: 7,
    hsCodes: ['870323', '890399', '271019', '850760'],
    units: ['pieces', 'kg', 'l'],
    sources: ['US', 'JP', 'DE', 'CN', 'AE'],
    markets: ['NG', 'GH', 'KE', 'PK', 'EG'],
    descriptions: ['Stolen vehicles in containers', 'Undeclared outboard engines', 'Smuggled fuel', 'Undeclared lithium batteries'],
    quantity: [1, 2_000],
    unitValue: 3_000,
  },
];

export const CONCEALMENT_BY_MODE: Partial<Record<TransportMode, readonly (readonly [ConcealmentMethod, number])[]>> = {
  sea: [
    ['hidden_in_goods', 30],
    ['rip_on_rip_off', 18],
    ['container_structure', 12],
    ['reefer_unit', 8],
    ['misdeclared', 15],
    ['mixed_with_goods', 10],
    ['vessel_structure', 4],
    ['not_concealed', 3],
  ],
  air: [
    ['luggage', 25],
    ['luggage_false_bottom', 12],
    ['body_concealment_internal', 10],
    ['body_concealment_external', 8],
    ['clothing', 8],
    ['hidden_in_goods', 20],
    ['misdeclared', 12],
    ['aircraft_structure', 2],
    ['other', 3],
  ],
  road: [
    ['vehicle_structure', 25],
    ['false_compartment', 18],
    ['fuel_tank', 8],
    ['tyres', 6],
    ['hidden_in_goods', 20],
    ['misdeclared', 15],
    ['natural_cavity', 8],
  ],
  rail: [
    ['hidden_in_goods', 40],
    ['false_wall', 20],
    ['misdeclared', 30],
    ['other', 10],
  ],
  postal: [
    ['postal_item', 50],
    ['misdeclared', 30],
    ['impregnation_or_dissolution', 10],
    ['hidden_in_goods', 10],
  ],
  express_courier: [
    ['postal_item', 35],
    ['misdeclared', 35],
    ['hidden_in_goods', 25],
    ['impregnation_or_dissolution', 5],
  ],
};

export const DETECTION_WEIGHTS: readonly (readonly [DetectionMethod, number])[] = [
  ['risk_profiling', 25],
  ['x_ray', 20],
  ['intelligence', 12],
  ['physical_examination', 12],
  ['sniffer_dog', 8],
  ['document_check', 8],
  ['random_check', 5],
  ['tip_off', 4],
  ['behavioural_indicators', 3],
  ['body_scanner', 1],
  ['trace_detection', 1],
  ['density_meter', 1],
];

export const LOCATION_MODES: Record<LocationType, readonly (readonly [TransportMode, number])[]> = {
  seaport: [['sea', 1]],
  airport: [
    ['air', 8],
    ['express_courier', 2],
  ],
  land_border: [
    ['road', 8],
    ['rail', 2],
  ],
  inland: [
    ['road', 6],
    ['rail', 1],
    ['multimodal', 1],
  ],
  postal_courier_hub: [
    ['postal', 6],
    ['express_courier', 4],
  ],
};

export interface OperationSeed {
  id: string;
  name: string;
  commodityFocus: CommodityCategory[];
  state: OperationState;
  coordinatorMember: string;
  participants: CountryCode[];
  requiredFields: string[];
  startsOn: string;
  endsOn: string;
}

const OPERATION_NAMES: readonly (readonly [string, CommodityCategory[]])[] = [
  ['PANGEA XVII', ['medicines']],
  ['THUNDER 2025', ['wildlife_cites']],
  ['DEMETER X', ['waste', 'ozone_depleting_substances']],
  ['COCAIR IX', ['drugs']],
  ['ORION NORTH SEA', ['drugs', 'precursors']],
  ['STOP IV', ['weapons']],
  ['ATHENA III', ['cultural_goods']],
  ['SHIELD V', ['medicines', 'ipr']],
  ['SILVER AXE', ['precursors']],
  ['GRIFFIN CARGO', ['tobacco']],
  ['MERCURY CASH', ['currency']],
  ['OCTOPUS 2026', ['drugs', 'tobacco']],
  ['FAKE STOP', ['ipr']],
  ['BLUE MARLIN', ['wildlife_cites']],
  ['CAPTAGON BELT', ['drugs']],
  ['NIGHT HAWK', ['alcohol', 'tobacco']],
  ['PORTAL RIO', ['drugs']],
  ['GREEN CORRIDOR', ['waste']],
  ['IRON GATE', ['weapons', 'currency']],
  ['SAFE SKIES', ['drugs', 'currency']],
];

/** The Member codes of the RILO/WCO coordinators; 'WCO' is the Secretariat. */
const COORDINATORS = ['WCO', 'WCO', 'WCO', 'BE', 'KE', 'AE', 'CL', 'SN'] as const;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** 20 operations: 12 active, 4 closed, 2 archived, 2 planned (reports attach to active ones). */
export function makeOperations(rng: Rng, now: Date): OperationSeed[] {
  const states: OperationState[] = [
    ...Array<OperationState>(12).fill('active'),
    ...Array<OperationState>(4).fill('closed'),
    ...Array<OperationState>(2).fill('archived'),
    ...Array<OperationState>(2).fill('planned'),
  ];
  const templateFields = [
    'goods.hsCode',
    'route.origin',
    'detection',
    'whenWhere.place',
    'goods.quantity',
    'concealment',
    'route.destination',
  ];
  return OPERATION_NAMES.map(([name, focus], i) => {
    const state = states[i];
    const day = 86_400_000;
    const start =
      state === 'planned'
        ? new Date(now.getTime() + rng.int(10, 60) * day)
        : new Date(now.getTime() - rng.int(state === 'active' ? 200 : 700, 1000) * day);
    const end =
      state === 'active' || state === 'planned'
        ? new Date(Math.max(start.getTime(), now.getTime()) + rng.int(30, 200) * day)
        : new Date(start.getTime() + rng.int(60, 150) * day);
    const participants = rng.sample(MEMBER_CODES, rng.int(6, 24));
    return {
      id: rng.uuid(),
      name: `Operation ${name}`,
      commodityFocus: focus,
      state,
      coordinatorMember: rng.pick(COORDINATORS),
      participants,
      requiredFields: rng.sample(templateFields, rng.int(0, 3)),
      startsOn: isoDate(start),
      endsOn: isoDate(end),
    };
  });
}
