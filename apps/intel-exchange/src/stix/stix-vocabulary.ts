import { ReportType, TRANSPORT_DOCUMENT_KINDS, TransportDocumentKind } from '../domain/code-lists';

// The one place where the API's spelling meets STIX's. The API writes code values in snake_case
// (`suspicious_consignment`); STIX custom values of an open vocabulary are hyphenated (`suspicious-consignment`), and a
// value of the specification's own vocabulary (report-type-ov) goes first where one fits, for tools that know only
// those. Export and import both read this table.

interface ReportTypeTerms {
  /** The WCO value in STIX spelling: always exported, and the only value import reads back. */
  readonly custom: string;
  /** A report-type-ov value (STIX 2.1 §10.26) that fits, exported before the custom one. */
  readonly ov?: string;
}

export const REPORT_TYPE_VOCABULARY: Readonly<Record<ReportType, ReportTypeTerms>> = {
  seizure: { custom: 'seizure' },
  suspicious_consignment: { custom: 'suspicious-consignment' },
  // "Report subject is a characterization of one or more indicators."
  risk_indicator: { custom: 'risk-indicator', ov: 'indicator' },
  // "Report subject is a broad characterization of a threat across multiple facets."
  alert: { custom: 'alert', ov: 'threat-report' },
};

/** `report_types` of a report of this type. */
export function stixReportTypes(type: ReportType): string[] {
  const terms = REPORT_TYPE_VOCABULARY[type];
  return terms.ov ? [terms.ov, terms.custom] : [terms.custom];
}

/**
 * The WCO report type named in `report_types`, or undefined. Only the WCO values count: a third party's
 * `threat-report` is not taken for an alert.
 */
export function reportTypeFromStix(values: readonly unknown[]): ReportType | undefined {
  for (const value of values) {
    const found = (Object.keys(REPORT_TYPE_VOCABULARY) as ReportType[]).find((t) => REPORT_TYPE_VOCABULARY[t].custom === value);
    if (found) return found;
  }
  return undefined;
}

/** `document_kind` of the wco-transport-document observable (a vocabulary of the x-wco-customs extension). */
export const TRANSPORT_DOCUMENT_KIND_VOCABULARY: Readonly<Record<TransportDocumentKind, string>> = {
  air_waybill: 'air-waybill',
  bill_of_lading: 'bill-of-lading',
  courier_tracking: 'courier-tracking',
};

export function transportDocumentKindFromStix(value: unknown): TransportDocumentKind | undefined {
  return TRANSPORT_DOCUMENT_KINDS.find((k) => TRANSPORT_DOCUMENT_KIND_VOCABULARY[k] === value);
}
