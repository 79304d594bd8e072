/** One recommendation a line: blank lines dropped, each trimmed (the API's `recommendations` list). */
export const recommendationLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Euros as typed ("5500", "5 500,50", "5500.5") to the API's EUR cents; empty or not a number: null, which the API
 * refuses beside the field (the console does not re-implement its rules).
 */
export function eurosToCents(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (cleaned === '' || !/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}
