import type { ReportContent } from '../reports/report-version.entity';

/**
 * What a report keeps after its retention date: coded, statistical facts only. Free text (descriptions, details),
 * conveyance identifiers, companies and person profiles go; so do the personal data and the indicators.
 */
export function tombstoneOf(content: ReportContent): ReportContent {
  return {
    type: content.type,
    ...(content.operationId ? { operationId: content.operationId } : {}),
    whenWhere: {
      detectedAt: content.whenWhere.detectedAt,
      country: content.whenWhere.country,
      locationType: content.whenWhere.locationType,
      direction: content.whenWhere.direction,
    },
    goods: content.goods.map((g) => ({
      commodityCategory: g.commodityCategory,
      description: '',
      ...(g.hsCode ? { hsCode: g.hsCode } : {}),
      ...(g.quantity ? { quantity: g.quantity } : {}),
    })),
    ...(content.concealment ? { concealment: { code: content.concealment.code } } : {}),
    ...(content.detection ? { detection: { code: content.detection.code } } : {}),
    ...(content.conveyance ? { conveyance: { transportMode: content.conveyance.transportMode } } : {}),
    grading: content.grading,
    tlp: content.tlp,
    distribution: content.distribution,
    retentionUntil: content.retentionUntil,
  };
}
