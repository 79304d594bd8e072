import type { ReportSubmission } from '../domain/report.types';

/**
 * Optional report fields an operation's template can make mandatory. `goods.*` paths apply to every goods item.
 * The list is closed so that a template can only name fields that exist.
 */
export const TEMPLATE_FIELDS = [
  'whenWhere.place',
  'whenWhere.customsProcedure',
  'goods.hsCode',
  'goods.quantity',
  'goods.grossWeight',
  'goods.netWeight',
  'goods.pieces',
  'goods.estimatedValue',
  'concealment',
  'detection',
  'conveyance',
  'conveyance.carrier',
  'conveyance.flightOrVoyage',
  'conveyance.vesselImo',
  'conveyance.containers',
  'conveyance.transportDocuments',
  'conveyance.vehicles',
  'route',
  'route.origin',
  'route.departure',
  'route.destination',
  'companies',
  'persons',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

export interface TemplateViolation {
  field: string;
  reason: string;
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Every required template field the submission leaves empty, with the path a client would fix. */
export function templateViolations(
  submission: Omit<ReportSubmission, 'personalData'>,
  requiredFields: readonly string[],
  operationName: string,
): TemplateViolation[] {
  const reason = `is required by the report template of operation "${operationName}"`;
  const out: TemplateViolation[] = [];
  for (const field of requiredFields) {
    const [head, ...rest] = field.split('.');
    if (head === 'goods' && rest.length > 0) {
      submission.goods.forEach((item, i) => {
        if (!present(valueAt(item, rest))) out.push({ field: `goods.${i}.${rest.join('.')}`, reason });
      });
    } else if (!present(valueAt(submission, field.split('.')))) {
      out.push({ field, reason });
    }
  }
  return out;
}
