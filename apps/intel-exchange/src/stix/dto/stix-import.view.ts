import { ApiProperty } from '@nestjs/swagger';

export class StixFieldNoteView {
  @ApiProperty({ description: 'Dotted path of the field concerned', example: 'tlp' })
  field: string;

  @ApiProperty({ example: 'the TLP marking is RED and the x-wco-customs extension says CLEAR; the more restrictive, RED, is kept' })
  reason: string;
}

export class StixImportResultView {
  @ApiProperty({ description: 'The report draft in submission shape (POST /reports); nothing is stored', type: 'object', additionalProperties: true })
  draft: Record<string, unknown>;

  @ApiProperty({
    type: [StixFieldNoteView],
    description:
      'What the bundle did not provide, and handling conflicts resolved in favour of the stricter side: the most ' +
      'restrictive of the TLP marking and the x-wco-customs tlp is kept, and a distribution wider than the TLP ' +
      'allows is narrowed',
  })
  warnings: StixFieldNoteView[];

  @ApiProperty({ type: [StixFieldNoteView], description: 'What the analyst must fix before submitting the draft (report validation)' })
  errors: StixFieldNoteView[];
}
