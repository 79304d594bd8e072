import type { ReportSubmission } from '../domain/report.types';
import { normaliseHsCode } from '../domain/validators';
import type { ReportEntity } from './report.entity';

/** The filter columns of the current projection, derived from a version's content. */
export type ReportFilterColumns = Pick<
  ReportEntity,
  | 'type'
  | 'commodityCategories'
  | 'hsCodes'
  | 'hsChapters'
  | 'hsHeadings'
  | 'detectedAt'
  | 'routeCountries'
  | 'concealment'
  | 'detection'
  | 'tlp'
  | 'distributionLevel'
  | 'distributionMembers'
  | 'operationId'
  | 'personalDataReleasedTo'
  | 'retentionUntil'
>;

const distinct = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

export function filterColumnsOf(s: Omit<ReportSubmission, 'personalData'>): ReportFilterColumns {
  const hsCodes = distinct(s.goods.map((g) => (g.hsCode ? normaliseHsCode(g.hsCode) : undefined)));
  const route = s.route;
  return {
    type: s.type,
    commodityCategories: distinct(s.goods.map((g) => g.commodityCategory)),
    hsCodes,
    hsChapters: distinct(hsCodes.map((c) => c.slice(0, 2))),
    hsHeadings: distinct(hsCodes.map((c) => c.slice(0, 4))),
    detectedAt: new Date(s.whenWhere.detectedAt),
    // The place of detection is on the goods' route too, whatever the route section says.
    routeCountries: distinct([
      route?.origin?.country,
      route?.departure?.country,
      ...(route?.transit ?? []).map((p) => p.country),
      route?.destination?.country,
      s.whenWhere.country,
    ]),
    concealment: s.concealment?.code ?? null,
    detection: s.detection?.code ?? null,
    tlp: s.tlp,
    distributionLevel: s.distribution.level,
    distributionMembers: s.distribution.level === 'named_members' ? [...(s.distribution.members ?? [])] : [],
    operationId: s.operationId ?? null,
    personalDataReleasedTo: [...(s.personalDataReleasedTo ?? [])],
    retentionUntil: s.retentionUntil,
  };
}
