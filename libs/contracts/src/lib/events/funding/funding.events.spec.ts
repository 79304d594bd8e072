import { validateAgainst } from '../../validation/validate-event-payload';
import { FundingRejectedEvent } from './funding-answers.event';
import { FundingCostPostedEvent } from './funding-cost-posted.event';
import { FundingRequestedEvent } from './funding-requested.event';
import { MAX_AMOUNT_CENTS } from './funding.amounts';

describe('mission-funding contracts', () => {
  const request = {
    missionId: '6f1c1f52-6d55-4c1b-9a54-3f0e1d1c7a11',
    lineCode: '2.10.003',
    fiscalYear: 2027,
    amountCents: 1250000,
    requestedBy: 'KE',
  };
  const fieldsOf = (contract: Parameters<typeof validateAgainst>[0], payload: unknown): string[] => {
    try {
      validateAgainst(contract, payload);
      return [];
    } catch (e) {
      return ((e as { violations: { field: string }[] }).violations ?? []).map((v) => v.field).sort();
    }
  };

  it('accepts a funding request in integer cents', () => {
    expect(fieldsOf(FundingRequestedEvent, request)).toEqual([]);
  });

  it('refuses fractional, negative and overflowing amounts and a malformed line code, naming each field', () => {
    expect(fieldsOf(FundingRequestedEvent, { ...request, amountCents: 10.5, lineCode: '2-10' })).toEqual(['amountCents', 'lineCode']);
    expect(fieldsOf(FundingRequestedEvent, { ...request, amountCents: MAX_AMOUNT_CENTS + 1 })).toEqual(['amountCents']);
    expect(fieldsOf(FundingCostPostedEvent, { missionId: request.missionId, actualCents: -1 })).toEqual(['actualCents']);
  });

  it('allows only the three rejection reasons', () => {
    expect(fieldsOf(FundingRejectedEvent, { missionId: request.missionId, reason: 'closed_year' })).toEqual([]);
    expect(fieldsOf(FundingRejectedEvent, { missionId: request.missionId, reason: 'no_money' })).toEqual(['reason']);
  });
});
