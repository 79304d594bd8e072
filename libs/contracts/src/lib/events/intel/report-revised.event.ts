import { IsInt, IsISO8601, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { ReportClassificationFacts } from './report-classification.facts';

/** A new version of a report; carries the classification after the revision, never its content. */
export class ReportRevisedEvent extends ReportClassificationFacts {
  static readonly type = 'org.wcoomd.intel.report.revised.v1';
  static readonly topic = Topics.IntelReport;

  @IsInt()
  @Min(2)
  version: number;

  @IsISO8601({ strict: true })
  revisedAt: string;
}
