import type { FieldError } from '../api/client';
import { intelExchangeCommodityCategoryValues, intelExchangeOperationTemplateDtoRequiredFieldsValues } from '../api/schema';
import { requiredFieldLabel } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import type { TemplateDraft } from '../operations/template-form';
import { CheckboxGroup, Field } from './form-field';

/** An operation template's fields (create and edit), each named as the API's body names it. */
export function TemplateFields({
  draft,
  onChange,
  errors,
}: {
  draft: TemplateDraft;
  onChange(next: TemplateDraft): void;
  errors: FieldError[];
}) {
  const i18n = useI18n();
  const { t, code } = i18n;
  return (
    <>
      <Field
        name="name"
        label={t('templates.field.name')}
        errors={errors}
        value={draft.name}
        onChange={(e) => onChange({ ...draft, name: e.target.value })}
      />
      <Field
        name="description"
        label={t('templates.field.description')}
        errors={errors}
        value={draft.description}
        onChange={(e) => onChange({ ...draft, description: e.target.value })}
      />
      <Field
        name="participants"
        label={t('operations.field.participants')}
        errors={errors}
        value={draft.participants}
        onChange={(e) => onChange({ ...draft, participants: e.target.value })}
      />
      <CheckboxGroup
        name="commodityFocus"
        legend={t('operations.field.commodityFocus')}
        values={intelExchangeCommodityCategoryValues}
        chosen={draft.commodityFocus}
        onChange={(commodityFocus) => onChange({ ...draft, commodityFocus })}
        errors={errors}
        label={(c) => code('commodityCategory', c)}
      />
      <CheckboxGroup
        name="requiredFields"
        legend={t('operations.field.requiredFields')}
        hint={t('operations.field.requiredFieldsHint')}
        values={intelExchangeOperationTemplateDtoRequiredFieldsValues}
        chosen={draft.requiredFields}
        onChange={(requiredFields) => onChange({ ...draft, requiredFields })}
        errors={errors}
        label={(f) => requiredFieldLabel(i18n, f)}
      />
    </>
  );
}
