import { Indicator } from './indicators';

// Pure matching rules; the repository applies the same ones with indexed queries. A value carried by more than
// `ubiquityThreshold` reports (counting the new one) stops matching and is reported as ubiquitous, so the number of
// matches a submission can create is bounded by indicators × threshold: MISP's correlation blow-up cannot happen.
// Ubiquity is counted over all reports, whoever can see them: it protects the system, and "this value is common"
// tells nobody which reports carry it.

export interface CandidateReport {
  reportId: string;
  /** Hashes of the candidate's indicators (see Indicator.hash). */
  indicatorHashes: readonly string[];
}

export interface CorrelationInput {
  reportId: string;
  indicators: readonly Indicator[];
  /** Earlier reports sharing at least one indicator hash (other versions of the same report are ignored). */
  candidates: readonly CandidateReport[];
  /**
   * How many distinct earlier reports carry each hash, when the caller knows more than the candidates it loaded
   * (the database stops loading candidates of a ubiquitous value). Defaults to counting the candidates.
   */
  earlierReportCounts?: ReadonlyMap<string, number>;
  ubiquityThreshold: number;
  /** The access rule: may the two originating Members know of each other's report? */
  mayCorrelate: (candidateReportId: string) => boolean;
}

export interface ReportMatch {
  reportId: string;
  /** Indicators of the new report that the other report also carries. */
  indicators: Indicator[];
}

export interface CorrelationResult {
  matches: ReportMatch[];
  ubiquitous: Indicator[];
}

export function correlate(input: CorrelationInput): CorrelationResult {
  if (!Number.isInteger(input.ubiquityThreshold) || input.ubiquityThreshold < 2) {
    throw new RangeError('ubiquityThreshold must be an integer of at least 2 (a match needs two reports)');
  }
  const candidates = input.candidates.filter((c) => c.reportId !== input.reportId);
  const holders = new Map<string, Set<string>>();
  for (const candidate of candidates) {
    for (const hash of candidate.indicatorHashes) {
      const set = holders.get(hash) ?? new Set<string>();
      set.add(candidate.reportId);
      holders.set(hash, set);
    }
  }

  const ubiquitous: Indicator[] = [];
  const byReport = new Map<string, Indicator[]>();
  for (const ind of input.indicators) {
    const reports = holders.get(ind.hash) ?? new Set<string>();
    const earlier = Math.max(input.earlierReportCounts?.get(ind.hash) ?? 0, reports.size);
    if (earlier + 1 > input.ubiquityThreshold) {
      ubiquitous.push(ind);
      continue;
    }
    for (const reportId of reports) byReport.set(reportId, [...(byReport.get(reportId) ?? []), ind]);
  }

  const matches = [...byReport.entries()]
    .filter(([reportId]) => input.mayCorrelate(reportId))
    .map(([reportId, indicators]) => ({ reportId, indicators }))
    .sort((a, b) => b.indicators.length - a.indicators.length || a.reportId.localeCompare(b.reportId));
  return { matches, ubiquitous };
}
