import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { FIELD_ERROR_SCHEMA } from '@wco/http';
import type { StixBundle, StixObject } from './report-stix';

@ApiSchema({ name: 'StixBundle', description: 'A STIX 2.1 bundle (see the x-wco-customs extension in stix/README.md)' })
export class StixBundleSchema implements StixBundle {
  @ApiProperty({ enum: ['bundle'] })
  type: 'bundle';

  @ApiProperty({ pattern: '^bundle--', example: 'bundle--6f1b6c0e-6b4c-5b8e-9a51-3c1f0c7d2a10' })
  id: string;

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['type', 'id'],
      properties: { type: { type: 'string' }, id: { type: 'string' } },
      additionalProperties: true,
    },
    description: 'STIX objects: report, grouping, identities, locations, observables, markings, the extension definition',
  })
  objects: StixObject[];
}

@ApiSchema({ name: 'StixImportResult', description: 'A report draft made from a STIX bundle; nothing is stored' })
export class StixImportResultSchema {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The draft in submission shape (see ReportSubmissionDto)' })
  draft: Record<string, unknown>;

  @ApiProperty({
    type: 'array',
    items: { $ref: `#/components/schemas/${FIELD_ERROR_SCHEMA}` },
    description:
      'What the bundle did not provide, and handling conflicts resolved in favour of the stricter side: the most restrictive of the TLP ' +
      'marking and the x-wco-customs tlp is kept, and a distribution wider than the TLP allows is narrowed',
  })
  warnings: { field: string; reason: string }[];

  @ApiProperty({
    type: 'array',
    items: { $ref: `#/components/schemas/${FIELD_ERROR_SCHEMA}` },
    description: 'What the analyst must still fix before submitting the draft',
  })
  errors: { field: string; reason: string }[];
}
