import type { ServiceParts } from '@wco/http';

/** The OpenAPI document's metadata, the same for the running service and for the tests that check the document. */
export const INTEL_EXCHANGE_OPENAPI: NonNullable<ServiceParts['openApi']> = {
  title: 'intel-exchange',
  description:
    'Joint operations, seizure and intelligence reports, matches, receipts (WCO SP5). Every route needs a bearer JWT unless it says it is public; ' +
    'errors are `application/problem+json` with a stable `code`; each route lists the roles it serves.',
  tags: {
    reports: 'Seizure and intelligence reports: submission, versions, corrections, access receipts',
    operations: 'Joint operations: closed user groups with participants and a report template',
    matches: 'Correlation: matches between reports and the indicator values too common to match on',
    feedback: 'Sightings reported back on reports and matches',
    stix: 'STIX 2.1 export and import',
  },
};
