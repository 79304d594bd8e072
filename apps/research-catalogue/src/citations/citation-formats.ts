import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { PUBLICATION_TYPE_LABELS, PUBLISHER } from '../publications/domain/vocabulary';
import type { PublicationType } from '../publications/domain/vocabulary';
import type { VersionMetadata } from '../publications/publication.records';

// Citation formats of one version. Each names the version (its own URL and number), so a citation of version 1
// still points at version 1 after version 2 supersedes it.

export interface CitableVersion {
  publicationId: string;
  version: number;
  url: string;
  type: PublicationType;
  metadata: VersionMetadata;
}

export const CITATION_MEDIA_TYPES = {
  bibtex: 'application/x-bibtex',
  ris: 'application/x-research-info-systems',
  csl: 'application/vnd.citationstyles.csl+json',
  text: 'text/x-bibliography',
  harvard: 'text/x-bibliography; style=harvard',
  vancouver: 'text/x-bibliography; style=vancouver',
} as const;

/** The CSL styles besides APA (which the service writes itself), formatted by citation-js from our CSL-JSON. */
const CSL_TEMPLATES: Partial<Record<string, string>> = {
  [CITATION_MEDIA_TYPES.harvard]: 'harvard1',
  [CITATION_MEDIA_TYPES.vancouver]: 'vancouver',
};

/**
 * A formatted reference (plain text) in a CSL style that citation-js ships (`harvard1`, `vancouver`). Each reference
 * is formatted on its own, so a search page keeps its ranking order (a style's bibliography would sort it), and the
 * "1." a numbered style puts before a one-entry bibliography is dropped.
 */
export function toCslStyle(v: CitableVersion, template: string): string {
  const text = new Cite(toCslJson(v)).format('bibliography', { format: 'text', template, lang: 'en-US' }) as string;
  return `${text.trim().replace(/^1\.\s+/, '')}\n`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function original<T extends { original?: boolean }>(list: T[]): T | undefined {
  return list.find((t) => t.original) ?? list[0];
}

function title(v: CitableVersion): string {
  return (original(v.metadata.titles) as { text: string }).text;
}

function abstractOf(v: CitableVersion): string | undefined {
  const lang = original(v.metadata.titles)?.language;
  return (v.metadata.abstracts.find((a) => a.language === lang) ?? v.metadata.abstracts[0])?.text;
}

function citationKey(v: CitableVersion): string {
  return `wco-${v.publicationId.slice(0, 8)}-v${v.version}`;
}

function bibtexEscape(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`,
  );
}

/** BibTeX: @techreport for reports and papers, @misc for datasets; an organisational author is braced so it is not split. */
export function toBibtex(v: CitableVersion): string {
  const m = v.metadata;
  const [year, month] = m.publicationDate.split('-');
  const authors = m.creators
    .map((c) => (c.givenName ? `${bibtexEscape(c.familyName)}, ${bibtexEscape(c.givenName)}` : `{${bibtexEscape(c.familyName)}}`))
    .join(' and ');
  const dataset = v.type === 'dataset';
  const fields: [string, string][] = [
    ['author', authors],
    ['title', bibtexEscape(title(v))],
    [dataset ? 'publisher' : 'institution', PUBLISHER],
    ...(dataset ? [] : ([['type', PUBLICATION_TYPE_LABELS[v.type]]] as [string, string][])),
    ...(m.series ? ([['series', bibtexEscape(m.series)]] as [string, string][]) : []),
    ['year', year],
    ['month', MONTHS[Number(month) - 1]],
    ['version', String(v.version)],
    ['url', v.url],
  ];
  const body = fields.map(([k, value]) => (k === 'month' ? `  ${k} = ${value}` : `  ${k} = {${value}}`)).join(',\n');
  return `@${dataset ? 'misc' : 'techreport'}{${citationKey(v)},\n${body}\n}\n`;
}

/** RIS (RPRT or DATA), CRLF line ends as the format's specification writes them. */
export function toRis(v: CitableVersion): string {
  const m = v.metadata;
  const lines: [string, string][] = [
    ['TY', v.type === 'dataset' ? 'DATA' : 'RPRT'],
    ...m.creators.map((c) => ['AU', c.givenName ? `${c.familyName}, ${c.givenName}` : c.familyName] as [string, string]),
    ['TI', title(v)],
    ['PY', m.publicationDate.slice(0, 4)],
    ['DA', m.publicationDate.replaceAll('-', '/')],
    ['PB', PUBLISHER],
    ...(m.series ? ([['T3', m.series]] as [string, string][]) : []),
    ['ET', `Version ${v.version}`],
    ['M3', PUBLICATION_TYPE_LABELS[v.type]],
    ...(abstractOf(v) ? ([['AB', (abstractOf(v) as string).replace(/\s+/g, ' ')]] as [string, string][]) : []),
    ...m.keywords.map((k) => ['KW', k] as [string, string]),
    ['LA', (original(m.titles) as { language: string }).language],
    ['UR', v.url],
  ];
  return [...lines.map(([tag, value]) => `${tag}  - ${value}`), 'ER  - ', ''].join('\r\n');
}

/** CSL-JSON: an array with one item, as citeproc processors take it. */
export function toCslJson(v: CitableVersion): object[] {
  const m = v.metadata;
  const [y, mo, d] = m.publicationDate.split('-').map(Number);
  const abstract = abstractOf(v);
  return [
    {
      id: citationKey(v),
      type: v.type === 'dataset' ? 'dataset' : 'report',
      title: title(v),
      author: m.creators.map((c) => (c.givenName ? { family: c.familyName, given: c.givenName } : { literal: c.familyName })),
      issued: { 'date-parts': [[y, mo, d]] },
      publisher: PUBLISHER,
      genre: PUBLICATION_TYPE_LABELS[v.type],
      ...(m.series ? { 'collection-title': m.series } : {}),
      version: String(v.version),
      ...(abstract ? { abstract } : {}),
      ...(m.keywords.length ? { keyword: m.keywords.join(', ') } : {}),
      language: (original(m.titles) as { language: string }).language,
      URL: v.url,
    },
  ];
}

function initials(given: string): string {
  return given
    .split(/\s+/)
    .filter(Boolean)
    .map((part) =>
      part
        .split('-')
        .map((p) => `${[...p][0].toUpperCase()}.`)
        .join('-'),
    )
    .join(' ');
}

/** A formatted reference in APA 7 style (plain text): `Doe, J., & Roe, R. (2026). Title (Version 2) [Study report]. Publisher. URL` */
export function toApa(v: CitableVersion): string {
  const names = v.metadata.creators.map((c) => (c.givenName ? `${c.familyName}, ${initials(c.givenName)}` : c.familyName));
  const authors = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
  return `${authors}${authors.endsWith('.') ? '' : '.'} (${v.metadata.publicationDate.slice(0, 4)}). ${title(v)} (Version ${v.version}) [${PUBLICATION_TYPE_LABELS[v.type]}]. ${PUBLISHER}. ${v.url}\n`;
}

/** The representations the version route offers, in the order a `*\/*` client gets them (JSON first). */
export const VERSION_MEDIA_TYPES = ['application/json', ...Object.values(CITATION_MEDIA_TYPES)] as const;

/**
 * The OpenAPI `content` of a route answering JSON (`json`, a schema or $ref) or citations: BibTeX, RIS and the
 * formatted references are text, CSL-JSON an array of CSL items; never the JSON schema under a text type.
 */
export function citationContent(json: Record<string, unknown>, many: boolean): Record<string, { schema: Record<string, unknown> }> {
  const text = (what: string) => ({ schema: { type: 'string', description: many ? `${what}, one per item of the page` : what } });
  return {
    'application/json': { schema: json },
    [CITATION_MEDIA_TYPES.bibtex]: text('BibTeX entries'),
    [CITATION_MEDIA_TYPES.ris]: text('RIS records (CRLF lines)'),
    [CITATION_MEDIA_TYPES.csl]: {
      schema: { type: 'array', description: 'CSL-JSON items', items: { type: 'object', additionalProperties: true } },
    },
    [CITATION_MEDIA_TYPES.text]: text('APA 7 references, plain text'),
    [CITATION_MEDIA_TYPES.harvard]: text('Harvard references, plain text'),
    [CITATION_MEDIA_TYPES.vancouver]: text('Vancouver references, plain text'),
  };
}
export type VersionMediaType = (typeof VERSION_MEDIA_TYPES)[number];

/**
 * The best representation for an Accept header (RFC 9110 §12.5.1: q-values, then specificity; q=0 refuses).
 * undefined when nothing offered is acceptable.
 */
export function negotiate(accept: string | undefined): VersionMediaType | undefined {
  if (!accept || !accept.trim()) return 'application/json';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      // text/x-bibliography takes a style parameter (as DOI content negotiation does): style=harvard or vancouver
      // name those representations, style=apa (or none) the APA one; an unknown style matches nothing.
      const style = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('style='));
      let name = range.trim().toLowerCase();
      if (name === CITATION_MEDIA_TYPES.text && style && style !== 'style=apa') name = `${name}; ${style}`;
      return { range: name, q: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.range);
  let best: { type: VersionMediaType; q: number; specificity: number; index: number } | undefined;
  for (const type of VERSION_MEDIA_TYPES) {
    const [main] = type.split('/');
    let match: { q: number; specificity: number; index: number } | undefined;
    for (const r of ranges) {
      const specificity = r.range === type ? 2 : r.range === `${main}/*` ? 1 : r.range === '*/*' ? 0 : -1;
      if (specificity < 0) continue;
      if (!match || specificity > match.specificity) match = { q: r.q, specificity, index: r.index };
    }
    if (!match || match.q <= 0) continue;
    // A type the client names outranks one it only reaches by a wildcard at equal q.
    if (!best || match.q > best.q || (match.q === best.q && match.specificity > best.specificity)) best = { type, ...match };
  }
  return best?.type;
}

/** `?format=` names for the same representations (a link can carry it where a header cannot). */
export const CITATION_FORMATS = {
  json: 'application/json',
  bibtex: CITATION_MEDIA_TYPES.bibtex,
  ris: CITATION_MEDIA_TYPES.ris,
  csl: CITATION_MEDIA_TYPES.csl,
  apa: CITATION_MEDIA_TYPES.text,
  harvard: CITATION_MEDIA_TYPES.harvard,
  vancouver: CITATION_MEDIA_TYPES.vancouver,
} as const;
export type CitationFormat = keyof typeof CITATION_FORMATS;
export const CITATION_FORMAT_NAMES = Object.keys(CITATION_FORMATS) as CitationFormat[];

/** The body of several citations in one representation (a search result page): entries one after the other, or one CSL-JSON array. */
export function formatCitations(type: Exclude<VersionMediaType, 'application/json'>, versions: CitableVersion[]): string {
  switch (type) {
    case CITATION_MEDIA_TYPES.bibtex:
      return versions.map(toBibtex).join('\n');
    case CITATION_MEDIA_TYPES.ris:
      return versions.map(toRis).join('');
    case CITATION_MEDIA_TYPES.csl:
      return JSON.stringify(versions.flatMap(toCslJson));
    case CITATION_MEDIA_TYPES.text:
      return versions.map(toApa).join('');
    default:
      return versions.map((v) => toCslStyle(v, CSL_TEMPLATES[type] as string)).join('');
  }
}
