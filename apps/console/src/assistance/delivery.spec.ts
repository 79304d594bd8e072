import { eurosToCents, recommendationLines } from './delivery';

describe('mission delivery form', () => {
  it('sends one recommendation a line, trimmed, blank lines dropped', () => {
    expect(recommendationLines('  Train the regional offices \r\n\n Share the risk profiles\n ')).toEqual([
      'Train the regional offices',
      'Share the risk profiles',
    ]);
    expect(recommendationLines('')).toEqual([]);
  });

  it('reads euros as cents (comma or point, spaces as thousands separators); anything else is left to the API', () => {
    expect(eurosToCents('5500')).toBe(550_000);
    expect(eurosToCents('5 500,50')).toBe(550_050);
    expect(eurosToCents('0.1')).toBe(10);
    expect(eurosToCents('')).toBeNull();
    expect(eurosToCents('abc')).toBeNull();
  });
});
