import type { FieldError } from '@wco/http';
import { validateReport } from '../reports/dto/report-submission.dto';
import { ImportWarning, importReportDraft, StixImportError } from './report-stix';
import type { StixSchemas } from './stix-schemas';
import { StixBundleInvalidError, StixImportRefusedError } from './stix.errors';

export interface StixImportResult {
  /** The report draft in submission shape; nothing is stored. */
  draft: Record<string, unknown>;
  /** What the bundle did not provide, and handling conflicts resolved in favour of the stricter side. */
  warnings: ImportWarning[];
  /** What the analyst must still fix before submitting the draft. */
  errors: FieldError[];
}

/**
 * An uploaded bundle as a report draft. A bundle that is not valid STIX 2.1 is refused (400 `stix_import_invalid`)
 * with every schema error and its path in the bundle; so is one with no report, or several and none named.
 */
export function importStixBundle(schemas: StixSchemas, bundle: unknown, stixReportId?: string): StixImportResult {
  const invalid = schemas.errorsOf(bundle);
  if (invalid.length) throw new StixBundleInvalidError(invalid);
  try {
    const { draft, warnings } = importReportDraft(bundle, stixReportId);
    const checked = validateReport(draft);
    return { draft, warnings, errors: checked.ok ? [] : checked.errors };
  } catch (error) {
    if (error instanceof StixImportError) {
      throw new StixImportRefusedError(error.message, error.field);
    }
    throw error;
  }
}
