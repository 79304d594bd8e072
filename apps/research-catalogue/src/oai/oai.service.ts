import { Injectable } from '@nestjs/common';
import { isUuid } from '@wco/http';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { PUBLICATION_TYPE_LABELS, PUBLICATION_TYPES, PUBLISHER, TOPICS } from '../publications/domain/vocabulary';
import type { PublicationType, Topic } from '../publications/domain/vocabulary';
import { appendDataCite, DATACITE_NS, DATACITE_SCHEMA } from './datacite';
import { OaiRepository } from './oai.repository';
import { seriesOfSetSpec, seriesSetSpec } from './series-sets';
import type { HarvestRow } from './oai.repository';
import { decodeResumptionToken, encodeResumptionToken, TOKEN_LIFETIME_MS } from './resumption-token';
import type { HarvestQuery } from './resumption-token';

// OAI-PMH 2.0 (http://www.openarchives.org/OAI/openarchivesprotocol.html) over the public records of the catalogue.
// Every answer is HTTP 200 text/xml; errors are <error code="..."> elements as the protocol requires.

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export const OAI_ERROR_CODES = [
  'badArgument',
  'badResumptionToken',
  'badVerb',
  'cannotDisseminateFormat',
  'idDoesNotExist',
  'noRecordsMatch',
  'noMetadataFormats',
  'noSetHierarchy',
] as const;
export type OaiErrorCode = (typeof OAI_ERROR_CODES)[number];

class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERB_ARGUMENTS: Record<string, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Whether XML 1.0 can carry the character at all, even escaped (tab, line feed and carriage return are the only controls). */
function xmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
}

const SETS: { spec: string; name: string }[] = [
  ...(Object.entries(TOPICS) as [Topic, string][]).map(([code, label]) => ({ spec: `topic:${code}`, name: `Topic: ${label}` })),
  ...PUBLICATION_TYPES.map((type) => ({ spec: `type:${type}`, name: `Type: ${PUBLICATION_TYPE_LABELS[type]}` })),
];

/** The metadata formats every record is disseminated in. */
const FORMATS = [
  { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: OAI_DC_NS },
  { prefix: 'datacite', schema: DATACITE_SCHEMA, namespace: DATACITE_NS },
];

function validDate(value: string): boolean {
  const day = value.slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  if (value.length === 10) return true;
  const [h, mi, s] = value.slice(11, 19).split(':').map(Number);
  return h < 24 && mi < 60 && s < 60;
}

@Injectable()
export class OaiService {
  constructor(
    private readonly repository: OaiRepository,
    private readonly config: ResearchCatalogueConfig,
  ) {}

  get baseUrl(): string {
    return `${this.config.PUBLIC_BASE_URL}/oai`;
  }

  private get repositoryIdentifier(): string {
    return new URL(this.config.PUBLIC_BASE_URL).hostname;
  }

  /** `oai:<host>:<publication id>` */
  identifierOf(id: string): string {
    return `oai:${this.repositoryIdentifier}:${id}`;
  }

  private idOf(identifier: string): string | undefined {
    const prefix = `oai:${this.repositoryIdentifier}:`;
    const id = identifier.startsWith(prefix) ? identifier.slice(prefix.length) : undefined;
    return id && isUuid(id) ? id.toLowerCase() : undefined;
  }

  /** One OAI-PMH request (the query string's arguments, each possibly repeated) to its XML answer. */
  async handle(args: Record<string, unknown>, now: Date = new Date(), undecodable: string[] = []): Promise<string> {
    const responseDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const doc = create({ version: '1.0', encoding: 'UTF-8' })
      .ele(OAI_NS, 'OAI-PMH')
      .att(XSI_NS, 'xsi:schemaLocation', `${OAI_NS} ${OAI_NS}OAI-PMH.xsd`);
    doc.ele('responseDate').txt(responseDate);
    const request = doc.ele('request').txt(this.baseUrl);
    try {
      const verb = args.verb;
      if (typeof verb !== 'string' || !(verb in VERB_ARGUMENTS))
        throw new OaiError('badVerb', Array.isArray(verb) ? 'the verb argument is repeated' : 'illegal or missing verb');
      if (undecodable.length) throw new OaiError('badArgument', `${undecodable.join(', ')} is not validly percent-encoded UTF-8`);
      const params = this.checkArguments(verb, args);
      // The request is echoed with its attributes only when they were legal (badVerb/badArgument echo the base URL alone).
      request.att('verb', verb);
      for (const [k, v] of Object.entries(params)) request.att(k, v);
      const body = doc.ele(verb);
      await this.answer(verb, params, body, now);
    } catch (e) {
      if (!(e instanceof OaiError)) throw e;
      doc.remove();
      return this.errorDocument(responseDate, args, e);
    }
    return doc.end({ prettyPrint: false });
  }

  /** A badArgument answer for a request refused before its arguments are read (a POST without a form body). */
  badArgument(message: string, now: Date = new Date()): string {
    return this.errorDocument(now.toISOString().replace(/\.\d{3}Z$/, 'Z'), {}, new OaiError('badArgument', message));
  }

  private errorDocument(responseDate: string, args: Record<string, unknown>, e: OaiError): string {
    const doc = create({ version: '1.0', encoding: 'UTF-8' })
      .ele(OAI_NS, 'OAI-PMH')
      .att(XSI_NS, 'xsi:schemaLocation', `${OAI_NS} ${OAI_NS}OAI-PMH.xsd`);
    doc.ele('responseDate').txt(responseDate);
    const request = doc.ele('request').txt(this.baseUrl);
    if (e.code !== 'badVerb' && e.code !== 'badArgument') {
      request.att('verb', args.verb as string);
      for (const [k, v] of Object.entries(args)) if (k !== 'verb' && typeof v === 'string') request.att(k, clean(v));
    }
    doc.ele('error').att('code', e.code).txt(e.message);
    return doc.end({ prettyPrint: false });
  }

  private checkArguments(verb: string, args: Record<string, unknown>): Record<string, string> {
    const rule = VERB_ARGUMENTS[verb];
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(args)) {
      if (k === 'verb') continue;
      if (![...rule.required, ...rule.optional, rule.exclusive].includes(k))
        throw new OaiError('badArgument', `${k} is not an argument of ${verb}`);
      if (typeof v !== 'string') throw new OaiError('badArgument', `${k} is repeated`);
      if (v.length > 1000) throw new OaiError('badArgument', `${k} is too long`);
      out[k] = v;
    }
    if (rule.exclusive && out[rule.exclusive] !== undefined) {
      if (Object.keys(out).length > 1) throw new OaiError('badArgument', `${rule.exclusive} is an exclusive argument`);
      return out;
    }
    for (const k of rule.required) if (out[k] === undefined) throw new OaiError('badArgument', `${k} is required`);
    for (const k of ['from', 'until']) {
      const v = out[k];
      if (v !== undefined && !((DAY.test(v) || SECOND.test(v)) && validDate(v))) {
        throw new OaiError('badArgument', `${k} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`);
      }
    }
    if (out.from && out.until) {
      if (out.from.length !== out.until.length) throw new OaiError('badArgument', 'from and until must have the same granularity');
      if (out.from > out.until) throw new OaiError('badArgument', 'from is later than until');
    }
    return out;
  }

  private async answer(verb: string, a: Record<string, string>, body: XMLBuilder, now: Date): Promise<void> {
    switch (verb) {
      case 'Identify':
        return this.identify(body);
      case 'ListMetadataFormats':
        if (a.identifier !== undefined) await this.requireRecord(a.identifier);
        for (const f of FORMATS)
          body
            .ele('metadataFormat')
            .ele('metadataPrefix')
            .txt(f.prefix)
            .up()
            .ele('schema')
            .txt(f.schema)
            .up()
            .ele('metadataNamespace')
            .txt(f.namespace);
        return;
      case 'ListSets':
        // The set list fits in one answer: no token was ever issued for it.
        if (a.resumptionToken !== undefined) throw new OaiError('badResumptionToken', 'ListSets issues no resumption tokens');
        for (const s of SETS) body.ele('set').ele('setSpec').txt(s.spec).up().ele('setName').txt(s.name);
        for (const series of await this.repository.series())
          body
            .ele('set')
            .ele('setSpec')
            .txt(seriesSetSpec(series))
            .up()
            .ele('setName')
            .txt(`Series: ${clean(series)}`);
        return;
      case 'GetRecord': {
        const row = await this.requireRecord(a.identifier);
        this.requireFormat(a.metadataPrefix);
        this.record(body, row, a.metadataPrefix);
        return;
      }
      default:
        return this.list(verb === 'ListRecords', a, body, now);
    }
  }

  private async identify(body: XMLBuilder): Promise<void> {
    const earliest = (await this.repository.earliestDatestamp()) ?? '2020-01-01T00:00:00Z';
    body
      .ele('repositoryName')
      .txt('WCO Research Catalogue')
      .up()
      .ele('baseURL')
      .txt(this.baseUrl)
      .up()
      .ele('protocolVersion')
      .txt('2.0')
      .up()
      .ele('adminEmail')
      .txt(this.config.OAI_ADMIN_EMAIL)
      .up()
      .ele('earliestDatestamp')
      .txt(earliest)
      .up()
      .ele('deletedRecord')
      .txt('persistent')
      .up()
      .ele('granularity')
      .txt('YYYY-MM-DDThh:mm:ssZ');
  }

  private requireFormat(prefix: string): void {
    if (!FORMATS.some((f) => f.prefix === prefix))
      throw new OaiError(
        'cannotDisseminateFormat',
        `metadataPrefix ${prefix} is not offered (${FORMATS.map((f) => f.prefix).join(', ')} are)`,
      );
  }

  private async requireRecord(identifier: string): Promise<HarvestRow> {
    const id = this.idOf(identifier);
    const row = id ? await this.repository.one(id) : undefined;
    if (!row) throw new OaiError('idDoesNotExist', `no record ${identifier}`);
    return row;
  }

  private async list(withMetadata: boolean, a: Record<string, string>, body: XMLBuilder, now: Date): Promise<void> {
    let query: HarvestQuery;
    let after: { position: string; id: string } | undefined;
    let cursor = 0;
    if (a.resumptionToken !== undefined) {
      const state = decodeResumptionToken(a.resumptionToken, now);
      if (!state) throw new OaiError('badResumptionToken', 'the resumption token is invalid or has expired');
      ({ query, after, cursor } = state);
    } else {
      this.requireFormat(a.metadataPrefix);
      if (a.set !== undefined && !SETS.some((s) => s.spec === a.set) && seriesOfSetSpec(a.set) === undefined)
        throw new OaiError('noRecordsMatch', `set ${a.set} holds no records`);
      const second = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
      query = {
        metadataPrefix: a.metadataPrefix,
        ...(a.set ? { set: a.set } : {}),
        ...(a.from ? { from: a.from.length === 10 ? `${a.from}T00:00:00Z` : a.from } : {}),
        until: a.until ? (a.until.length === 10 ? `${a.until}T23:59:59Z` : a.until) : second,
      };
    }
    const size = this.config.OAI_PAGE_SIZE;
    const rows = await this.repository.page(query, after, size + 1);
    // Also after a token: a list element must hold a record, and records only move forward (past a frozen until).
    if (rows.length === 0) throw new OaiError('noRecordsMatch', 'no record matches the arguments');
    const page = rows.slice(0, size);
    for (const row of page) {
      if (withMetadata) this.record(body, row, query.metadataPrefix);
      else this.header(body, row);
    }
    const more = rows.length > size;
    if (more || cursor > 0) {
      const total = await this.repository.count(query);
      const token = body.ele('resumptionToken').att('completeListSize', String(total)).att('cursor', String(cursor));
      if (more) {
        const last = page[page.length - 1];
        const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
        token.att('expirationDate', expiresAt);
        token.txt(
          encodeResumptionToken({ query, after: { position: last.position, id: last.id }, cursor: cursor + page.length, expiresAt }),
        );
      }
    }
  }

  private header(parent: XMLBuilder, row: HarvestRow): XMLBuilder {
    const header = parent.ele('header');
    if (row.deleted) header.att('status', 'deleted');
    header.ele('identifier').txt(this.identifierOf(row.id)).up().ele('datestamp').txt(row.datestamp);
    header.ele('setSpec').txt(`type:${row.type}`);
    for (const topic of row.metadata.topics) header.ele('setSpec').txt(`topic:${topic}`);
    if (row.metadata.series) header.ele('setSpec').txt(seriesSetSpec(row.metadata.series));
    return header;
  }

  private record(parent: XMLBuilder, row: HarvestRow, metadataPrefix: string): void {
    const record = parent.ele('record');
    this.header(record, row);
    // A deleted record has a header only (OAI-PMH 2.0 §2.5.1): the tombstone tells harvesters to drop it.
    if (row.deleted) return;
    const metadata = record.ele('metadata');
    const url = `${this.config.PUBLIC_BASE_URL}/publications/${row.id}`;
    if (metadataPrefix === 'datacite')
      return appendDataCite(metadata, { type: row.type as PublicationType, version: row.version, metadata: row.metadata, url }, clean);
    this.dublinCore(metadata, row);
  }

  private dublinCore(metadata: XMLBuilder, row: HarvestRow): void {
    const m = row.metadata;
    const dc = metadata
      .ele(OAI_DC_NS, 'oai_dc:dc')
      .att('http://www.w3.org/2000/xmlns/', 'xmlns:dc', DC_NS)
      .att(XSI_NS, 'xsi:schemaLocation', `${OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd`);
    const el = (name: string, text: string, lang?: string) => {
      const e = dc.ele(DC_NS, `dc:${name}`);
      if (lang) e.att('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang);
      e.txt(clean(text));
    };
    for (const t of m.titles) el('title', t.text, t.language);
    for (const c of m.creators) el('creator', c.givenName ? `${c.familyName}, ${c.givenName}` : c.familyName);
    for (const topic of m.topics) el('subject', TOPICS[topic], 'en');
    for (const k of m.keywords) el('subject', k);
    for (const a of m.abstracts) el('description', a.text, a.language);
    el('publisher', PUBLISHER);
    el('date', m.publicationDate);
    el('type', PUBLICATION_TYPE_LABELS[row.type as PublicationType], 'en');
    el('type', row.type === 'dataset' ? 'Dataset' : 'Text');
    for (const f of m.files) el('format', f.mediaType);
    el('identifier', `${this.config.PUBLIC_BASE_URL}/publications/${row.id}`);
    for (const l of [...new Set(m.titles.map((t) => t.language))]) el('language', l);
    for (const r of m.relatedIdentifiers) el('relation', `${r.relationType} ${r.identifierType}:${r.identifier}`);
    if (m.series) el('relation', `IsPartOf series: ${m.series}`);
    el('rights', `https://spdx.org/licenses/${m.licence}.html`);
  }
}

function clean(text: string): string {
  return [...text].filter((c) => xmlChar(c.codePointAt(0) as number)).join('');
}
