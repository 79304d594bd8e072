import type { FieldError, Schemas } from '../api/client';

/** Member codes typed as "FR, de ke": upper-cased, split on commas and spaces (as the operations form reads them). */
const memberCodes = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

export type Template = Schemas['intel-exchange.OperationTemplateView'];
export type TemplateBody = Schemas['intel-exchange.OperationTemplateDto'];
export type Commodity = Schemas['intel-exchange.CommodityCategory'];
export type RequiredField = TemplateBody['requiredFields'][number];

/** What the template form edits: the participants as typed ("FR, de"), the rest as the API has it. */
export interface TemplateDraft {
  name: string;
  description: string;
  participants: string;
  commodityFocus: Commodity[];
  requiredFields: RequiredField[];
}

export const EMPTY_DRAFT: TemplateDraft = { name: '', description: '', participants: '', commodityFocus: [], requiredFields: [] };

/** A stored template as the form shows it. */
export const draftOf = (t: Template): TemplateDraft => ({
  name: t.name,
  description: t.description ?? '',
  participants: t.participants.join(', '),
  commodityFocus: [...t.commodityFocus],
  requiredFields: [...t.requiredFields],
});

/** The API's body for a draft: codes upper-cased and split, an empty description left out (the API trims). */
export function bodyOf(draft: TemplateDraft): TemplateBody {
  const description = draft.description.trim();
  return {
    name: draft.name,
    ...(description ? { description } : {}),
    participants: memberCodes(draft.participants) as TemplateBody['participants'],
    commodityFocus: draft.commodityFocus,
    requiredFields: draft.requiredFields,
  };
}

/**
 * How the page reads a refusal of a template's PUT: a version conflict (someone edited it since it was read: the
 * version now stored, to reload), field errors to show beside the fields (a name already taken: on `name`), or else.
 */
export type TemplateRefusal =
  { kind: 'conflict'; currentVersion: number | null } | { kind: 'fields'; errors: FieldError[] } | { kind: 'other'; detail: string };

export function readRefusal(problem: {
  status: number;
  code: string;
  errors: FieldError[];
  message: string;
  body: Record<string, unknown>;
}): TemplateRefusal {
  if (problem.code === 'operation_template_version_conflict') {
    const current = problem.body['currentVersion'];
    return { kind: 'conflict', currentVersion: typeof current === 'number' ? current : null };
  }
  if (problem.errors.length > 0) return { kind: 'fields', errors: problem.errors };
  // A taken name without a field error (an older service): shown beside the name all the same.
  if (problem.code === 'operation_template_name_taken')
    return { kind: 'fields', errors: [{ field: 'name', reason: problem.message }] as FieldError[] };
  return { kind: 'other', detail: problem.message };
}
