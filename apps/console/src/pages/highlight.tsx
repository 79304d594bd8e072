import type { ReactNode } from 'react';

/**
 * The words of the query marked in a title. The catalogue's search answer carries no highlight fragments, so the
 * console marks the query's terms (case- and accent-insensitive) in what it shows.
 */
export function highlight(text: string, query: string): ReactNode[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const terms = query
    .split(/\s+/)
    .map(fold)
    .filter((w) => w.length > 1);
  if (terms.length === 0) return [text];
  const folded = fold(text);
  // NFD folding can change lengths; only mark when it did not, else show the text as it is.
  if (folded.length !== text.length) return [text];
  const out: ReactNode[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = terms
      .map((term) => ({ term, at: folded.indexOf(term, i) }))
      .filter((h) => h.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (!hit) break;
    if (hit.at > i) out.push(text.slice(i, hit.at));
    out.push(<mark key={hit.at}>{text.slice(hit.at, hit.at + hit.term.length)}</mark>);
    i = hit.at + hit.term.length;
  }
  out.push(text.slice(i));
  return out;
}
