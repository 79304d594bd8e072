import { Indicator, IndicatorKind } from './indicators';

// Pure matching rules; the repository applies the same ones with indexed queries.
//
// Two kinds of indicator:
// - IDENTIFYING: one container, vessel, transport document, vehicle or company. Two reports sharing one are about
//   the same object, which is a lead worth an analyst's time: one shared identifying indicator makes a match.
// - PATTERN: a modus operandi on a route (HS heading + route pair, concealment + route pair). Dozens of unrelated
//   cases share "cocaine, Ecuador to the Netherlands"; a single shared pattern is a trend, not a link between two
//   cases, and matching on it alone would flood analysts with pairs (MISP's complaint about its correlation).
//   Two reports match on patterns only when they share at least PATTERNS_FOR_A_MATCH of them (e.g. the same goods
//   heading AND the same concealment on the same route).
// Pattern indicators are still stored, still counted towards ubiquity, and still listed with a match that also
// rests on an identifier.
//
// A value carried by more than `ubiquityThreshold` reports (counting the new one) stops matching and is reported as
// ubiquitous, so the number of matches a submission can create is bounded by indicators × threshold: MISP's
// correlation blow-up cannot happen. Ubiquity is counted over all reports, whoever can see them: it protects the
// system, and "this value is common" tells nobody which reports carry it.

export const PATTERN_INDICATOR_KINDS: readonly IndicatorKind[] = ['hs_heading_route', 'concealment_route'];
/** How many shared pattern indicators (and no identifying one) make two reports a match. */
export const PATTERNS_FOR_A_MATCH = 2;

const PATTERN_KINDS: ReadonlySet<string> = new Set(PATTERN_INDICATOR_KINDS);

export function isPatternKind(kind: string): boolean {
  return PATTERN_KINDS.has(kind);
}

/**
 * Whether the indicators two reports share (each distinct indicator once, ubiquitous ones left out) make them a
 * match: one identifying indicator, or at least PATTERNS_FOR_A_MATCH pattern indicators.
 */
export function sharedIndicatorsMatch(sharedKinds: readonly string[]): boolean {
  let patterns = 0;
  for (const kind of sharedKinds) {
    if (!isPatternKind(kind)) return true;
    patterns++;
  }
  return patterns >= PATTERNS_FOR_A_MATCH;
}

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
  const holders = new Map<string, Set<string>>();
  for (const candidate of input.candidates) {
    if (candidate.reportId === input.reportId) continue;
    for (const hash of candidate.indicatorHashes) {
      let set = holders.get(hash);
      if (!set) holders.set(hash, (set = new Set<string>()));
      set.add(candidate.reportId);
    }
  }

  const ubiquitous: Indicator[] = [];
  const byReport = new Map<string, Indicator[]>();
  for (const ind of input.indicators) {
    const reports = holders.get(ind.hash);
    const earlier = Math.max(input.earlierReportCounts?.get(ind.hash) ?? 0, reports?.size ?? 0);
    if (earlier + 1 > input.ubiquityThreshold) {
      ubiquitous.push(ind);
      continue;
    }
    for (const reportId of reports ?? []) {
      const shared = byReport.get(reportId);
      if (shared) shared.push(ind);
      else byReport.set(reportId, [ind]);
    }
  }

  const matches: ReportMatch[] = [];
  for (const [reportId, indicators] of byReport) {
    if (sharedIndicatorsMatch(indicators.map((i) => i.kind)) && input.mayCorrelate(reportId)) matches.push({ reportId, indicators });
  }
  matches.sort((a, b) => b.indicators.length - a.indicators.length || a.reportId.localeCompare(b.reportId));
  return { matches, ubiquitous };
}
