import type {
  AgeBand,
  CompanyRole,
  CountryCode,
  CustomsProcedure,
  Direction,
  LocationType,
  PersonRole,
  ReportType,
  TransportMode,
} from '../../apps/intel-exchange/src/domain/code-lists';
import type {
  Company,
  Conveyance,
  Distribution,
  GoodsItem,
  PersonalData,
  PersonProfile,
  ReportSubmission,
  Route,
  RoutePoint,
} from '../../apps/intel-exchange/src/domain/report.types';
import { iso6346CheckDigit } from '../../apps/intel-exchange/src/domain/validators';
import { Rng } from './prng';
import {
  COMMODITIES,
  CONCEALMENT_BY_MODE,
  CommodityProfile,
  DETECTION_WEIGHTS,
  HUB_MEMBERS,
  LOCATION_MODES,
  MEMBER_CODES,
  MEMBERS,
  memberProfile,
  OperationSeed,
} from './world';

// Generates valid, realistic report submissions. Identifiers (containers, vessels, air waybills, bills of lading,
// vehicles, companies) are drawn from pools shaped like real intelligence: most values appear once, a recurring pool
// makes some appear in a few reports, and a small "hot" pool makes a few appear in so many reports that correlation
// must treat them as ubiquitous.

/** A bijection on [0, modulus) so consecutive indexes give unrelated-looking serials. */
function scramble(index: number, modulus: number, multiplier: number): number {
  return Number((BigInt(index) * BigInt(multiplier)) % BigInt(modulus));
}

const CONTAINER_OWNERS = [
  'MSCU',
  'MAEU',
  'MSKU',
  'CMAU',
  'CSQU',
  'HLXU',
  'OOLU',
  'EGHU',
  'TGHU',
  'TCNU',
  'SEGU',
  'TRLU',
  'FCIU',
  'CAIU',
  'GESU',
  'BMOU',
  'ONEU',
  'YMLU',
  'HDMU',
  'ZIMU',
];
const SCACS = ['MAEU', 'MEDU', 'CMDU', 'HLCU', 'OOLU', 'COSU', 'EGLV', 'ONEY', 'YMLU', 'ZIMU', 'HDMU', 'PABV'];
const AIRLINE_PREFIXES = ['176', '157', '020', '057', '074', '001', '180', '618', '125', '235', '071', '086', '205', '160'];
const CARRIERS_SEA = ['Maersk', 'MSC', 'CMA CGM', 'Hapag-Lloyd', 'COSCO', 'Evergreen', 'ONE', 'Yang Ming', 'ZIM', 'HMM'];
const CARRIERS_AIR = [
  'Emirates SkyCargo',
  'Qatar Airways Cargo',
  'Lufthansa Cargo',
  'Air France',
  'KLM',
  'Turkish Cargo',
  'Ethiopian',
  'Cathay Cargo',
];
const COURIERS = ['DHL Express', 'UPS', 'FedEx', 'TNT', 'Aramex', 'EMS'];
const SYLLABLES = [
  'tra',
  'nova',
  'lux',
  'gen',
  'mar',
  'cor',
  'vel',
  'tex',
  'ori',
  'sol',
  'ban',
  'ex',
  'im',
  'port',
  'al',
  'tek',
  'zen',
  'dar',
  'kin',
  'ro',
];
const COMPANY_SUFFIX: Partial<Record<CountryCode, string>> = {
  NL: 'BV',
  BE: 'NV',
  DE: 'GmbH',
  FR: 'SAS',
  ES: 'SL',
  IT: 'SRL',
  GB: 'Ltd',
  US: 'LLC',
  CN: 'Co Ltd',
  HK: 'Ltd',
  AE: 'FZE',
  TR: 'AS',
  BR: 'Ltda',
  CO: 'SAS',
  EC: 'SA',
};
const EU_COUNTRIES = new Set<string>(['NL', 'BE', 'DE', 'FR', 'ES', 'IT', 'PT', 'IE', 'PL']);
const FAMILY_NAMES = ['Jansen', 'Garcia', 'Okafor', 'Müller', 'Rossi', 'Silva', 'Mensah', 'Kaya', 'Nguyen', 'Khan', 'Smith', 'Dubois'];
const GIVEN_NAMES = ['Pieter', 'Maria', 'Chinedu', 'Anna', 'Luca', 'João', 'Kwame', 'Emre', 'Linh', 'Imran', 'John', 'Claire'];

export interface PoolShape {
  /** Probability that a draw comes from the recurring pool. */
  recurring: number;
  recurringSize: number;
  /** Probability that a draw comes from the hot (ubiquitous) pool. */
  hot: number;
  hotSize: number;
}

/**
 * Where an identifier kind takes its values. Pool values use indexes [0, recurringSize + hotSize); fresh values use
 * indexes from `freshBase` upwards, so two generators with different bases never invent the same fresh value.
 */
class IdentifierPool {
  private fresh = 0;

  constructor(
    private readonly make: (index: number) => string,
    private readonly shape: PoolShape,
    private readonly freshBase: number,
  ) {}

  draw(rng: Rng): string {
    const r = rng.next();
    if (r < this.shape.hot) return this.make(this.shape.recurringSize + rng.int(0, this.shape.hotSize - 1));
    if (r < this.shape.hot + this.shape.recurring) return this.make(rng.zipfIndex(this.shape.recurringSize, 0.6));
    return this.makeFresh();
  }

  makeFresh(): string {
    return this.make(this.freshBase + this.fresh++);
  }
}

export function containerNumber(index: number): string {
  const owner = CONTAINER_OWNERS[index % CONTAINER_OWNERS.length];
  const serial = scramble(Math.floor(index / CONTAINER_OWNERS.length), 1_000_000, 104_729);
  const first10 = `${owner}${String(serial).padStart(6, '0')}`;
  return `${first10}${iso6346CheckDigit(first10)}`;
}

export function imoNumber(index: number): string {
  // 9xxxxxx and 8xxxxxx are the ranges of ships in service.
  const body = String(800_000 + scramble(index, 200_000, 7_919)).padStart(6, '0');
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(body[i]) * (7 - i);
  return `${body}${sum % 10}`;
}

export function airWaybill(index: number): string {
  const prefix = AIRLINE_PREFIXES[index % AIRLINE_PREFIXES.length];
  const serial = scramble(Math.floor(index / AIRLINE_PREFIXES.length), 10_000_000, 7_919);
  return `${prefix}${String(serial).padStart(7, '0')}${serial % 7}`;
}

function billOfLading(index: number): string {
  return `${SCACS[index % SCACS.length]}${String(scramble(Math.floor(index / SCACS.length), 1_000_000_000, 15_485_863)).padStart(9, '0')}`;
}

function courierTracking(index: number): string {
  const n = scramble(index, 10_000_000_000, 982_451_653);
  return index % 2 === 0 ? `1Z${String(n).padStart(10, '0')}EU` : `JJD${String(n).padStart(12, '0')}`;
}

const LETTERS = 'ABCDEFGHJKLMNPRSTVWXYZ';
function vehicleRegistration(index: number): string {
  const n = scramble(index, 22 * 22 * 22 * 22 * 1000, 7_919);
  const l = (k: number): string => LETTERS[Math.floor(n / 22 ** k) % 22];
  const digits = String(Math.floor(n / 22 ** 4) % 1000).padStart(3, '0');
  return `${l(0)}${l(1)}${digits}${l(2)}${l(3)}`;
}

interface CompanyTemplate {
  name: string;
  country: CountryCode;
  scheme: string;
  value: string;
}

function companyOf(index: number): CompanyTemplate {
  const country = MEMBER_CODES[index % MEMBER_CODES.length];
  const n = scramble(index, 1_000_000_000, 15_485_863);
  const s = (k: number): string => SYLLABLES[Math.floor(n / 20 ** k) % 20];
  const base = `${s(0)}${s(1)}${s(2)}`;
  const name = `${base[0].toUpperCase()}${base.slice(1)} ${index % 3 === 0 ? 'Trading' : index % 3 === 1 ? 'Logistics' : 'Import Export'} ${COMPANY_SUFFIX[country] ?? 'Ltd'}`;
  return EU_COUNTRIES.has(country)
    ? { name, country, scheme: 'EORI', value: `${country}${String(n).padStart(10, '0')}` }
    : { name, country, scheme: 'TIN', value: String(n).padStart(11, '0') };
}

export interface GeneratedReport {
  member: CountryCode;
  /** Subject of the analyst who submits it. */
  subject: string;
  submission: ReportSubmission;
}

export interface GeneratorOptions {
  seed: number;
  /** Distinct per generator that runs against the same database (see IdentifierPool). */
  stream: number;
  operations: readonly OperationSeed[];
}

const ANALYSTS_PER_MEMBER = 5;
const DAY_MS = 86_400_000;

export class ReportGenerator {
  readonly rng: Rng;
  private readonly containers: IdentifierPool;
  private readonly vessels: IdentifierPool;
  private readonly awbs: IdentifierPool;
  private readonly bls: IdentifierPool;
  private readonly trackings: IdentifierPool;
  private readonly vehicles: IdentifierPool;
  private readonly companies: IdentifierPool;
  private readonly memberWeights: readonly (readonly [CountryCode, number])[];
  private readonly commodityWeights: readonly (readonly [CommodityProfile, number])[];
  private readonly operationsByMember = new Map<string, OperationSeed[]>();

  constructor(private readonly options: GeneratorOptions) {
    this.rng = new Rng(options.seed);
    const base = 1_000_000 + options.stream * 2_000_000;
    this.containers = new IdentifierPool(containerNumber, { recurring: 0.2, recurringSize: 6000, hot: 0.004, hotSize: 4 }, base);
    this.vessels = new IdentifierPool(imoNumber, { recurring: 0.55, recurringSize: 5000, hot: 0.05, hotSize: 12 }, Math.floor(base / 100));
    this.awbs = new IdentifierPool(airWaybill, { recurring: 0.15, recurringSize: 3000, hot: 0, hotSize: 0 }, base);
    this.bls = new IdentifierPool(billOfLading, { recurring: 0.15, recurringSize: 3000, hot: 0, hotSize: 0 }, base);
    this.trackings = new IdentifierPool(courierTracking, { recurring: 0.05, recurringSize: 1000, hot: 0, hotSize: 0 }, base);
    this.vehicles = new IdentifierPool(vehicleRegistration, { recurring: 0.25, recurringSize: 2500, hot: 0.01, hotSize: 3 }, base);
    this.companies = new IdentifierPool((i) => String(i), { recurring: 0.45, recurringSize: 12_000, hot: 0.04, hotSize: 10 }, base);
    this.memberWeights = MEMBERS.map((m) => [m.code, m.weight] as const);
    this.commodityWeights = COMMODITIES.map((c) => [c, c.weight] as const);
    for (const op of options.operations) {
      if (op.state === 'planned') continue;
      for (const m of op.participants) this.operationsByMember.set(m, [...(this.operationsByMember.get(m) ?? []), op]);
    }
  }

  /**
   * One report. `submittedAt` places it in time (detection happens a few hours to days before); `liveOnly` limits
   * operation attachments to active operations (what the API accepts today), while seeded history may belong to
   * operations closed or archived since.
   */
  next(submittedAt: Date, liveOnly: boolean, overrides: { member?: CountryCode; shareable?: boolean } = {}): GeneratedReport {
    const rng = this.rng;
    const member = overrides.member ?? rng.weighted(this.memberWeights);
    const profile = memberProfile(member);
    const candidateOps = (this.operationsByMember.get(member) ?? []).filter((o) => (liveOnly ? o.state === 'active' : true));
    const operation = !overrides.shareable && candidateOps.length > 0 && rng.chance(0.45) ? rng.pick(candidateOps) : undefined;
    const focus = operation && rng.chance(0.8) ? rng.pick(operation.commodityFocus) : undefined;
    const commodity = COMMODITIES.find((c) => c.category === focus) ?? rng.weighted(this.commodityWeights);

    const type = rng.weighted<ReportType>([
      ['seizure', 60],
      ['suspicious_consignment', 20],
      ['risk_indicator', 10],
      ['alert', 10],
    ]);
    const locationType = rng.weighted<LocationType>([
      ['seaport', profile.seaport ? 40 : 0],
      ['airport', 30],
      ['land_border', profile.inland ? 10 : 0],
      ['inland', profile.inland ? 6 : 0],
      ['postal_courier_hub', 14],
    ]);
    const mode = rng.weighted(LOCATION_MODES[locationType]);
    const direction = rng.weighted<Direction>([
      ['import', 62],
      ['export', 18],
      ['transit', 12],
      ['transhipment', 8],
    ]);
    const place =
      locationType === 'seaport'
        ? profile.seaport
        : locationType === 'airport' || locationType === 'postal_courier_hub'
          ? profile.airport
          : profile.inland;
    const detectedAt = new Date(submittedAt.getTime() - rng.int(1, 240) * 3_600_000 - rng.int(0, 3599) * 1000);
    const full = !!operation || rng.chance(0.7);

    const goods: GoodsItem[] = [this.goodsItem(commodity, full)];
    if (rng.chance(0.15)) goods.push(this.goodsItem(rng.weighted(this.commodityWeights), full));
    const route = this.route(member, commodity, direction, full);
    const conveyance = this.conveyance(mode, full);
    const concealmentTable = CONCEALMENT_BY_MODE[mode] ?? CONCEALMENT_BY_MODE.road!;
    const concealmentCode = rng.weighted(concealmentTable);

    const submission: ReportSubmission = {
      type,
      ...(operation ? { operationId: operation.id } : {}),
      whenWhere: {
        detectedAt: detectedAt.toISOString(),
        country: member,
        ...(place && (full || rng.chance(0.5)) ? { place } : {}),
        locationType,
        ...(rng.chance(0.7) ? { customsProcedure: this.procedure(direction, mode) } : {}),
        direction,
      },
      goods,
      ...(full || rng.chance(0.5)
        ? {
            concealment: {
              code: concealmentCode,
              ...(rng.chance(0.4) ? { details: 'Found during physical examination after scan anomaly' } : {}),
            },
          }
        : {}),
      ...(full || rng.chance(0.5) ? { detection: { code: rng.weighted(DETECTION_WEIGHTS) } } : {}),
      ...(conveyance ? { conveyance } : {}),
      ...(route ? { route } : {}),
      grading: {
        sourceReliability: rng.weighted([
          ['A', 15],
          ['B', 35],
          ['C', 30],
          ['D', 10],
          ['E', 5],
          ['F', 5],
        ] as const),
        informationCredibility: rng.weighted([
          [1, 20],
          [2, 35],
          [3, 25],
          [4, 10],
          [5, 5],
          [6, 5],
        ] as const),
      },
      tlp: 'GREEN',
      distribution: { level: 'all_members' },
      retentionUntil: new Date(Date.now() + rng.int(180, 365 * 9) * DAY_MS).toISOString().slice(0, 10),
    };
    const companies = this.companiesFor();
    if (companies.length) submission.companies = companies;
    const persons = this.persons(mode);
    if (persons.length) submission.persons = persons;
    this.handling(submission, member, operation, !!overrides.shareable);
    return { member, subject: `analyst-${member.toLowerCase()}-${rng.int(1, ANALYSTS_PER_MEMBER)}`, submission };
  }

  private goodsItem(c: CommodityProfile, full: boolean): GoodsItem {
    const rng = this.rng;
    const unit = rng.pick(c.units);
    const raw = c.quantity[0] + Math.pow(rng.next(), 3) * (c.quantity[1] - c.quantity[0]);
    const value = unit === 'g' ? Math.round(raw * 1000) : Math.round(raw * 10) / 10;
    return {
      commodityCategory: c.category,
      description: rng.pick(c.descriptions),
      ...(full || rng.chance(0.6) ? { hsCode: rng.pick(c.hsCodes) } : {}),
      ...(full || rng.chance(0.6) ? { quantity: { value, unit } } : {}),
      ...(rng.chance(0.5) ? { grossWeight: { value: Math.round(raw * 11) / 10 + 1, unit: 'kg' as const } } : {}),
      ...(rng.chance(0.3) ? { pieces: rng.int(1, 5000) } : {}),
      ...(rng.chance(0.5)
        ? {
            estimatedValue: {
              amount: Math.round(raw * c.unitValue),
              currency: rng.weighted([
                ['EUR', 6],
                ['USD', 3],
                ['GBP', 1],
              ] as const),
            },
          }
        : {}),
    };
  }

  private route(member: CountryCode, c: CommodityProfile, direction: Direction, full: boolean): Route | undefined {
    const rng = this.rng;
    if (!full && rng.chance(0.3)) return undefined;
    const point = (country: CountryCode): RoutePoint => {
      const p = MEMBERS.find((m) => m.code === country);
      return p?.seaport && rng.chance(0.3) ? { country, place: p.seaport } : { country };
    };
    let origin: CountryCode;
    let destination: CountryCode;
    let transit: CountryCode[] = [];
    if (direction === 'import') {
      origin = rng.pick(c.sources);
      destination = member;
    } else if (direction === 'export') {
      origin = rng.chance(0.6) ? member : rng.pick(c.sources);
      destination = rng.pick(c.markets);
    } else {
      origin = rng.pick(c.sources);
      destination = rng.pick(c.markets);
      transit = [member];
    }
    if (rng.chance(0.45)) transit = [...rng.sample(HUB_MEMBERS, rng.int(1, 2)), ...transit];
    transit = [...new Set(transit)].filter((t) => t !== origin && t !== destination);
    return {
      origin: point(origin),
      ...(rng.chance(0.5) ? { departure: point(origin) } : {}),
      ...(transit.length ? { transit: transit.map(point) } : {}),
      destination: point(destination),
    };
  }

  private conveyance(mode: TransportMode, full: boolean): Conveyance | undefined {
    const rng = this.rng;
    if (!full && rng.chance(0.25)) return undefined;
    const c: Conveyance = { transportMode: mode };
    switch (mode) {
      case 'sea': {
        c.carrier = rng.pick(CARRIERS_SEA);
        if (rng.chance(0.8)) c.vesselImo = this.vessels.draw(rng);
        if (rng.chance(0.5)) c.flightOrVoyage = `${rng.int(100, 999)}${rng.pick(['W', 'E', 'N', 'S'])}`;
        const n = rng.weighted([
          [1, 70],
          [2, 20],
          [3, 7],
          [6, 3],
        ] as const);
        const numbers = new Set<string>();
        while (numbers.size < n) numbers.add(this.containers.draw(rng));
        c.containers = [...numbers].map((number) =>
          rng.chance(0.4) ? { number, seals: [`ML${rng.int(1_000_000, 9_999_999)}`] } : { number },
        );
        if (rng.chance(0.7)) c.transportDocuments = [{ kind: 'bill_of_lading', number: this.bls.draw(rng) }];
        break;
      }
      case 'air':
        c.carrier = rng.pick(CARRIERS_AIR);
        c.flightOrVoyage = `${rng.pick(['EK', 'QR', 'LH', 'AF', 'KL', 'TK', 'ET', 'CX'])}${rng.int(10, 999)}`;
        if (rng.chance(0.75)) c.transportDocuments = [{ kind: 'air_waybill', number: this.awbs.draw(rng) }];
        break;
      case 'express_courier':
      case 'postal':
        c.carrier = rng.pick(COURIERS);
        c.transportDocuments = [{ kind: 'courier_tracking', number: this.trackings.draw(rng) }];
        break;
      case 'road':
      case 'multimodal':
        c.vehicles = [{ registration: this.vehicles.draw(rng), country: rng.pick(MEMBER_CODES) }];
        if (rng.chance(0.4)) c.vehicles.push({ registration: this.vehicles.draw(rng) });
        if (rng.chance(0.3)) c.seals = [`TRL${rng.int(100_000, 999_999)}`];
        break;
      default:
        break;
    }
    return c;
  }

  private companiesFor(): Company[] {
    const rng = this.rng;
    const n = rng.weighted([
      [0, 30],
      [1, 35],
      [2, 25],
      [3, 10],
    ] as const);
    const roles: CompanyRole[] = ['consignee', 'consignor', 'freight_forwarder', 'importer', 'exporter', 'customs_broker'];
    const out: Company[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const template = companyOf(Number(this.companies.draw(rng)));
      if (seen.has(template.value)) continue;
      seen.add(template.value);
      out.push({
        name: template.name,
        role: roles[i] ?? 'other',
        country: template.country,
        ...(rng.chance(0.85) ? { identifier: { scheme: template.scheme, value: template.value } } : {}),
      });
    }
    return out;
  }

  private persons(mode: TransportMode): PersonProfile[] {
    const rng = this.rng;
    if (!(mode === 'air' || mode === 'road') || rng.chance(0.4)) return [];
    const role: PersonRole = mode === 'air' ? 'passenger' : 'driver';
    const ageBand: AgeBand = rng.pick(['18_24', '25_34', '35_44', '45_54', '55_64'] as const);
    return [{ role, nationality: rng.pick(MEMBER_CODES), gender: rng.pick(['female', 'male'] as const), ageBand }];
  }

  private procedure(direction: Direction, mode: TransportMode): CustomsProcedure {
    if (mode === 'postal') return 'postal_clearance';
    if (mode === 'express_courier') return 'express_clearance';
    if (mode === 'air' && this.rng.chance(0.4)) return 'passenger_clearance';
    switch (direction) {
      case 'import':
        return 'release_for_free_circulation';
      case 'export':
        return 'export';
      case 'transit':
        return 'customs_transit';
      case 'transhipment':
        return 'transhipment';
    }
  }

  /** TLP, distribution and personal data, in the mix Members use (and as validation allows). */
  private handling(s: ReportSubmission, member: CountryCode, operation: OperationSeed | undefined, shareable: boolean): void {
    const rng = this.rng;
    const named = (): string[] =>
      rng.sample(
        MEMBER_CODES.filter((m) => m !== member),
        rng.int(2, 8),
      );
    let distribution: Distribution;
    if (shareable) {
      s.tlp = rng.weighted([
        ['GREEN', 7],
        ['CLEAR', 1],
        ['AMBER', 2],
      ] as const);
      distribution = { level: 'all_members' };
    } else {
      const pick = rng.weighted<string>([
        ['green-all', 35],
        ['clear-all', 5],
        ['amber-all', 10],
        ['amber-operation', operation ? 35 : 0],
        ['amber-named', 12],
        ['red-named', 5],
        ['strict-named', 4],
        ['amber-originator', 3],
      ]);
      s.tlp = pick.startsWith('green')
        ? 'GREEN'
        : pick.startsWith('clear')
          ? 'CLEAR'
          : pick.startsWith('red')
            ? 'RED'
            : pick.startsWith('strict')
              ? 'AMBER+STRICT'
              : 'AMBER';
      distribution = pick.endsWith('-all')
        ? { level: 'all_members' }
        : pick.endsWith('-operation')
          ? { level: 'operation_participants' }
          : pick.endsWith('-named')
            ? { level: 'named_members', members: named() }
            : { level: 'originator_only' };
    }
    s.distribution = distribution;
    if (rng.chance(0.12) && s.persons?.length) {
      const personalData: PersonalData = {
        persons: [
          {
            personIndex: 0,
            familyName: rng.pick(FAMILY_NAMES),
            givenNames: rng.pick(GIVEN_NAMES),
            dateOfBirth: `19${rng.int(60, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
            documents: [
              { type: 'passport', number: `P${rng.int(10_000_000, 99_999_999)}`, issuingCountry: s.persons[0].nationality ?? member },
            ],
          },
        ],
      };
      s.personalData = personalData;
      if (distribution.level === 'named_members' && distribution.members?.length)
        s.personalDataReleasedTo = distribution.members.slice(0, 1);
      else if (distribution.level !== 'originator_only' && rng.chance(0.5))
        s.personalDataReleasedTo = [rng.pick(MEMBER_CODES.filter((m) => m !== member))];
    }
  }

  /** A probe for match latency: a fresh shareable report that carries `container` among its own containers. */
  probe(submittedAt: Date, container: string): GeneratedReport {
    const generated = this.next(submittedAt, true, { shareable: true });
    const s = generated.submission;
    const conveyance: Conveyance = s.conveyance?.transportMode === 'sea' ? s.conveyance : { transportMode: 'sea' };
    const others = (conveyance.containers ?? []).filter((c) => c.number !== container);
    conveyance.containers = [{ number: container }, ...others];
    s.conveyance = conveyance;
    s.whenWhere = { ...s.whenWhere, locationType: 'seaport', place: memberProfile(s.whenWhere.country).seaport };
    if (!s.whenWhere.place) delete s.whenWhere.place;
    return generated;
  }

  get stream(): number {
    return this.options.stream;
  }
}

export const ANALYST_SUBJECTS_PER_MEMBER = ANALYSTS_PER_MEMBER;
