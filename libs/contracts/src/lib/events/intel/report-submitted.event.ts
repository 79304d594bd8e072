import { IsInt, IsISO8601, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { ReportClassificationFacts } from './report-classification.facts';

/** A report was submitted. Metadata only: no personal data and no free text ever travel on the topic. */
export class ReportSubmittedEvent extends ReportClassificationFacts {
  static readonly type = 'org.wcoomd.intel.report.submitted.v1';
  static readonly topic = Topics.IntelReport;

  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  submittedAt: string;
}
