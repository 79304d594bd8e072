import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { CursorCodec, DomainError, ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import type { OutboxEvent } from '@wco/messaging';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { SearchAids } from './search-aids';
import type { FileText } from './search-aids';
import { ResearchCatalogueEvents } from '../events/research-catalogue-events';
import type { ChangeKind, PublicationFacts } from '../events/research-catalogue-events';
import { FileStorage, sha256Hex, StoredObject } from '../storage/file-storage';
import { FileContents } from '../uploads/file-contents';
import { canSeePublication, isCatalogueEditor } from './domain/access-policy';
import type { Reader } from './domain/access-policy';
import { TOPIC_CODES } from './domain/vocabulary';
import type { Topic } from './domain/vocabulary';
import { ChangeAccessDto, CreatePublicationDto, SearchQueryDto, VersionMetadataDto } from './dto/publication.dto';
import { languagesOf, originalTitle } from './publication.records';
import type { PublicationRecord, StoredFile, VersionMetadata, VersionRecord } from './publication.records';
import {
  FileNotFoundError,
  PublicationGoneError,
  PublicationNotFoundError,
  PublicationWithdrawnConflictError,
  SecretariatEditorRequiredError,
  VersionNotFoundError,
} from './publications.errors';
import { PublicationsRepository } from './publications.repository';
import type { FacetRow, SearchHit, SubscriberMatch } from './publications.repository';
import { toPublicationView, toSummary, toVersionView } from './publication.views';
import type { AccessHistoryView, PublicationView, SearchResultView, VersionView } from './publication.views';

/** Highlights look for the query's words in this much of each file's text (ts_headline reads all it is given). */
const HIGHLIGHT_FILE_CHARS = 50_000;
const CREATE_SCOPE = 'research-catalogue:POST /publications';
/** Search keyset: (sort key, publication id), highest first. */
export const SEARCH_CURSOR = new CursorCodec(['int', 'uuid'] as const);

export type ImportOutcome = { status: 'created' | 'unchanged'; id: string } | { status: 'failed'; error: DomainError };

interface PreparedVersion {
  metadata: VersionMetadata;
}

@Injectable()
export class PublicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly publications: PublicationsRepository,
    private readonly events: ResearchCatalogueEvents,
    private readonly storage: FileStorage,
    private readonly config: ResearchCatalogueConfig,
    private readonly aids: SearchAids,
    private readonly contents: FileContents,
  ) {}

  /** Concept record + version 1 (+ released event unless under embargo) in one transaction; idempotent by key. */
  async create(
    caller: Principal,
    dto: CreatePublicationDto,
    idempotencyKey?: string,
  ): Promise<{ view: PublicationView; replayed: boolean }> {
    requireEditor(caller);
    const prepared = await this.prepare(caller, dto, conceptErrors(dto));
    const work = async (em: EntityManager) => (await this.insertNew(em, caller, dto, prepared)).view;
    if (!idempotencyKey) return { view: await this.dataSource.transaction(work), replayed: false };
    const result = await this.idempotency.execute(
      `${CREATE_SCOPE}:${caller.member}:${caller.subject}`,
      idempotencyKey,
      dto,
      async (em) => ({
        status: 201,
        body: await work(em),
      }),
    );
    return { view: result.body, replayed: result.replayed };
  }

  /**
   * One item of a bulk import, in its own transaction: an item whose external id is already catalogued changes
   * nothing and answers `unchanged` (the import can be re-run), a bad item fails alone.
   */
  async importOne(caller: Principal, dto: CreatePublicationDto): Promise<{ status: 'created' | 'unchanged'; id: string }> {
    requireEditor(caller);
    const prepared = await this.prepare(caller, dto, importErrors(dto));
    return this.dataSource.transaction(async (em) => {
      // Serialises concurrent imports of the same external id; the unique index is the last word.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`research-import:${dto.externalId}`]);
      const existing = await this.publications.findByExternalId(em, dto.externalId as string);
      if (existing) return { status: 'unchanged' as const, id: existing.id };
      const { view } = await this.insertNew(em, caller, dto, prepared);
      return { status: 'created' as const, id: view.id };
    });
  }

  private async insertNew(
    em: EntityManager,
    caller: Principal,
    dto: CreatePublicationDto,
    prepared: PreparedVersion,
  ): Promise<{ view: PublicationView }> {
    const now = new Date();
    const { publication, version } = newRecords(dto, prepared, now);
    await this.publications.insertPublication(em, publication, caller.subject);
    await this.publications.insertVersion(em, version, caller.subject);
    await this.publications.syncHarvested(em, publication.id);
    if (!publication.embargoed) await this.announce(em, 'released', publication, version, now);
    return { view: toPublicationView(publication, version, [version], caller, this.config.PUBLIC_BASE_URL) };
  }

  /**
   * A bulk import's items, set-wise: each item is checked on its own (a bad one fails alone), then the good ones are
   * written together in one transaction (a few statements for the whole chunk, events and notifications included).
   * An external id already catalogued, or met earlier in the same chunk, is `unchanged`. Should the chunk's
   * transaction fail (a concurrent write of the same external id outside an import, say), its items are imported
   * again one by one, each in its own transaction, so one item's conflict is reported on that item alone.
   */
  async importMany(caller: Principal, dtos: readonly CreatePublicationDto[]): Promise<ImportOutcome[]> {
    requireEditor(caller);
    const outcomes: ImportOutcome[] = new Array(dtos.length);
    const ready: { index: number; dto: CreatePublicationDto; prepared: PreparedVersion }[] = [];
    for (const [index, dto] of dtos.entries()) {
      try {
        ready.push({ index, dto, prepared: await this.prepare(caller, dto, importErrors(dto)) });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        outcomes[index] = { status: 'failed', error: e };
      }
    }
    if (ready.length === 0) return outcomes;
    let written: Map<number, ImportOutcome>;
    try {
      written = await this.dataSource.transaction((em) => this.writeImported(em, caller, ready));
    } catch {
      written = new Map();
      for (const { index, dto } of ready) {
        try {
          written.set(index, await this.importOne(caller, dto));
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          written.set(index, { status: 'failed', error: e });
        }
      }
    }
    for (const [index, outcome] of written) outcomes[index] = outcome;
    return outcomes;
  }

  private async writeImported(
    em: EntityManager,
    caller: Principal,
    ready: readonly { index: number; dto: CreatePublicationDto; prepared: PreparedVersion }[],
  ): Promise<Map<number, ImportOutcome>> {
    const externalIds = [...new Set(ready.map((r) => r.dto.externalId as string))];
    // The same per-external-id locks as importOne, taken in one order by every import (no deadlock between two).
    await em.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM unnest($1::text[]) k ORDER BY k OFFSET 0) locks`,
      [externalIds.map((x) => `research-import:${x}`)],
    );
    const known = await this.publications.idsByExternalIds(em, externalIds);
    const now = new Date();
    const outcomes = new Map<number, ImportOutcome>();
    const created: { publication: PublicationRecord; version: VersionRecord }[] = [];
    for (const { index, dto, prepared } of ready) {
      const existing = known.get(dto.externalId as string);
      if (existing) {
        outcomes.set(index, { status: 'unchanged', id: existing });
        continue;
      }
      const records = newRecords(dto, prepared, now);
      known.set(dto.externalId as string, records.publication.id);
      created.push(records);
      outcomes.set(index, { status: 'created', id: records.publication.id });
    }
    await this.publications.insertPublications(
      em,
      created.map((c) => c.publication),
      caller.subject,
    );
    await this.publications.insertVersions(
      em,
      created.map((c) => c.version),
      caller.subject,
    );
    await this.publications.syncHarvestedMany(
      em,
      created.map((c) => c.publication.id),
    );
    const released = created.filter((c) => !c.publication.embargoed);
    const subscribers = await this.publications.subscribersOfMany(
      em,
      released.map((c) => subscriptionKeysOf(c.version)),
    );
    await this.events.addAll(
      em,
      released.flatMap(({ publication, version }, i) => [
        this.events.changeEvent('released', factsOf(publication, version), now),
        ...this.notifications('released', publication, version, now, subscribers[i], (s) => canSeePublication(s, publication)),
      ]),
    );
    return outcomes;
  }

  /** A new immutable version; the previous one stays readable and citable under its own id. */
  async addVersion(caller: Principal, id: string, dto: VersionMetadataDto): Promise<VersionView> {
    requireEditor(caller);
    const prepared = await this.prepare(caller, dto, []);
    return this.dataSource.transaction(async (em) => {
      const publication = await this.publications.findPublication(id, em, true);
      if (!publication) throw new PublicationNotFoundError(id);
      if (publication.withdrawnAt) throw new PublicationWithdrawnConflictError(id);
      const now = new Date();
      const version: VersionRecord = {
        id: randomUUID(),
        publicationId: id,
        version: publication.latestVersion + 1,
        metadata: prepared.metadata,
        createdAt: now,
      };
      await this.publications.insertVersion(em, version, caller.subject);
      await this.publications.setLatestVersion(em, id, version.version, now);
      await this.publications.syncHarvested(em, id);
      if (!publication.embargoed) await this.announce(em, 'revised', publication, version, now, publication.latestVersion);
      return toVersionView({ ...publication, latestVersion: version.version }, version, this.config.PUBLIC_BASE_URL);
    });
  }

  /** Withdrawal: a tombstone with the reason stays (never a hard delete: harvesters are told the record is deleted). */
  async withdraw(caller: Principal, id: string, reason: string): Promise<PublicationView> {
    requireEditor(caller);
    return this.dataSource.transaction(async (em) => {
      const publication = await this.publications.findPublication(id, em, true);
      if (!publication) throw new PublicationNotFoundError(id);
      if (publication.withdrawnAt) throw new PublicationWithdrawnConflictError(id);
      const now = new Date();
      await this.publications.markWithdrawn(em, id, reason, now);
      const latest = (await this.publications.findVersion(id, publication.latestVersion, em)) as VersionRecord;
      // Never released (still under embargo): nobody outside the editors knew it, nobody is told.
      if (!publication.embargoed) await this.events.publicationChanged(em, 'withdrawn', factsOf(publication, latest), now);
      const withdrawn = { ...publication, withdrawnAt: now, withdrawalReason: reason, updatedAt: now };
      return toPublicationView(withdrawn, latest, [latest], caller, this.config.PUBLIC_BASE_URL);
    });
  }

  /**
   * A new access rule (level, named Members, embargo) with the editor's reason, in one transaction with its
   * accesschanged event, the audit row and the "did you mean" vocabulary (rebuilt inside the transaction, so a word
   * of a publication that stops being public is never suggested after the commit). Search, OAI-PMH and
   * notifications read the rule from the row, so they honour it at once. Subscribers who may see the publication
   * now and could not before are told of it (a `released` notification); nobody else is. No change: no event.
   */
  async changeAccess(caller: Principal, id: string, dto: ChangeAccessDto): Promise<PublicationView> {
    requireEditor(caller);
    const errors = conceptErrors(dto);
    if (errors.length) throw new ValidationFailedError(errors);
    return this.dataSource.transaction(async (em) => {
      const before = await this.publications.findPublication(id, em, true);
      if (!before) throw new PublicationNotFoundError(id);
      if (before.withdrawnAt) throw new PublicationWithdrawnConflictError(id);
      const now = new Date();
      const rule = {
        access: dto.access,
        restrictedMembers: dto.access === 'restricted' ? [...(dto.restrictedMembers ?? [])].sort() : [],
        embargoUntil: dto.embargoUntil ?? null,
        embargoed: !!dto.embargoUntil && dto.embargoUntil > now.toISOString().slice(0, 10),
      };
      const latest = (await this.publications.findVersion(id, before.latestVersion, em)) as VersionRecord;
      const unchanged =
        rule.access === before.access &&
        rule.embargoUntil === before.embargoUntil &&
        rule.embargoed === before.embargoed &&
        rule.restrictedMembers.join() === before.restrictedMembers.join();
      if (unchanged)
        return toPublicationView(before, latest, await this.publications.listVersions(id), caller, this.config.PUBLIC_BASE_URL);
      await this.publications.setAccess(em, id, rule, now);
      await this.publications.syncHarvested(em, id);
      const after: PublicationRecord = { ...before, ...rule, updatedAt: now };
      const ruleOf = (p: PublicationRecord) => ({
        access: p.access,
        restrictedMembers: p.restrictedMembers,
        embargoUntil: p.embargoUntil,
        embargoed: p.embargoed,
      });
      await this.publications.insertAccessChange(em, {
        id: randomUUID(),
        publicationId: id,
        changedBy: caller.subject,
        at: now,
        reason: dto.reason,
        before: ruleOf(before),
        after: ruleOf(after),
      });
      // Under embargo before and after: nobody outside the editors could or can see it, nobody is told.
      if (!(before.embargoed && after.embargoed))
        await this.events.accessChanged(em, { ...factsOf(after, latest), embargoed: after.embargoed }, ruleOf(before), now);
      await this.notifySubscribers(
        em,
        'released',
        after,
        latest,
        now,
        (subscriber) => canSeePublication(subscriber, after) && !canSeePublication(subscriber, before),
      );
      await this.aids.refreshVocabularyIn(em);
      const versions = await this.publications.listVersions(id);
      return toPublicationView(after, latest, versions, caller, this.config.PUBLIC_BASE_URL);
    });
  }

  /** Lifts the embargoes due by `today` (YYYY-MM-DD), batch by batch; each lift emits embargo_lifted and notifies. */
  async liftDueEmbargoes(today: string = new Date().toISOString().slice(0, 10), batch = 100): Promise<string[]> {
    const lifted: string[] = [];
    for (;;) {
      const ids = await this.dataSource.transaction(async (em) => {
        const due = await this.publications.claimDueEmbargoes(em, today, batch);
        const now = new Date();
        for (const publication of due) {
          await this.publications.liftEmbargo(em, publication.id, now);
          await this.publications.syncHarvested(em, publication.id);
          if (publication.withdrawnAt) continue;
          const latest = (await this.publications.findVersion(publication.id, publication.latestVersion, em)) as VersionRecord;
          await this.announce(em, 'embargo_lifted', { ...publication, embargoed: false }, latest, now);
        }
        return due.map((p) => p.id);
      });
      lifted.push(...ids);
      if (ids.length < batch) return lifted;
    }
  }

  /** The access changes of a publication, oldest first: editors only; anyone else gets the 404 of an unknown id. */
  async accessHistory(reader: Reader, id: string): Promise<AccessHistoryView> {
    if (!isCatalogueEditor(reader) || !(await this.publications.findPublication(id))) throw new PublicationNotFoundError(id);
    return { items: await this.publications.accessChanges(id) };
  }

  async get(reader: Reader, id: string): Promise<PublicationView> {
    const publication = await this.loadVisible(reader, id);
    const versions = await this.publications.listVersions(id);
    const latest = versions[versions.length - 1];
    return toPublicationView(publication, latest, versions, reader, this.config.PUBLIC_BASE_URL);
  }

  async getVersion(
    reader: Reader,
    id: string,
    n: number,
  ): Promise<{ publication: PublicationRecord; record: VersionRecord; version: VersionView }> {
    const publication = await this.loadVisible(reader, id);
    if (publication.withdrawnAt) throw new PublicationGoneError(id, publication.withdrawalReason as string, publication.withdrawnAt);
    const version = await this.publications.findVersion(id, n);
    if (!version) throw new VersionNotFoundError(id, n);
    return { publication, record: version, version: toVersionView(publication, version, this.config.PUBLIC_BASE_URL) };
  }

  async file(reader: Reader, id: string, n: number, name: string): Promise<{ file: StoredFile; content: StoredObject; versionId: string }> {
    const { version } = await this.getVersion(reader, id, n);
    const file = version.files.find((f) => f.name === name);
    if (!file) throw new FileNotFoundError(name);
    const content = await this.storage.get(file.sha256);
    // A catalogued file missing from storage is an operator's problem, not the caller's: a logged 500.
    if (!content) throw new Error(`file ${file.sha256} of publication ${id} v${n} is missing from storage`);
    return { file, content, versionId: version.id };
  }

  /** Full-text search over what the reader may see; the facets count the same set (one statement for both). */
  async search(reader: Reader, query: SearchQueryDto): Promise<SearchResultView> {
    const cap = this.config.SEARCH_COUNT_CAP;
    const { page: rows, facets: facetRows } = await this.publications.searchWithFacets(reader, query, afterOf(query), query.limit + 1, cap);
    const { page, nextCursor } = pageOf(rows, query.limit);
    const counted = facetRows.find((f) => f.facet === 'total')?.n ?? 0;
    const highlights = query.q ? await this.highlightsOf(query.q, page) : [];
    const suggestion = query.q ? await this.aids.suggestion(query.q) : undefined;
    return {
      items: page.map((r, i) => ({
        ...toSummary(r, this.config.PUBLIC_BASE_URL),
        ...(highlights[i]?.length ? { highlights: highlights[i] } : {}),
      })),
      nextCursor,
      total: Math.min(counted, cap),
      totalCapped: counted > cap,
      facets: facetsOf(facetRows),
      ...(suggestion ? { suggestion } : {}),
    };
  }

  /** Highlights of a page: its titles, abstracts and the first HIGHLIGHT_FILE_CHARS characters of its files' text. */
  private async highlightsOf(q: string, page: SearchHit[]) {
    const texts = await this.publications.fileTexts(
      page.map((r) => r.version_id),
      HIGHLIGHT_FILE_CHARS,
    );
    const byVersion = new Map<string, FileText[]>();
    for (const t of texts) byVersion.set(t.version_id, [...(byVersion.get(t.version_id) ?? []), t]);
    return this.aids.highlights(
      q,
      page.map((r) => r.metadata),
      page.map((r) => byVersion.get(r.version_id) ?? []),
    );
  }

  /** One page of search hits (the latest versions), for a citation export of the page. */
  async searchPage(reader: Reader, query: SearchQueryDto): Promise<{ page: SearchHit[]; nextCursor: string | null }> {
    return pageOf(await this.publications.searchPage(reader, query, afterOf(query), query.limit + 1), query.limit);
  }

  /** The one gate of every read: what the reader may not see answers exactly like an id that does not exist. */
  private async loadVisible(reader: Reader, id: string): Promise<PublicationRecord> {
    const publication = await this.publications.findPublication(id);
    if (!publication || !canSeePublication(reader, publication)) throw new PublicationNotFoundError(id);
    return publication;
  }

  /**
   * The change event, and one notification per subscriber of its topics, series or languages whose Member may see
   * it (one per subscriber, however many of these it follows).
   */
  private async announce(
    em: EntityManager,
    change: Exclude<ChangeKind, 'withdrawn'>,
    p: PublicationRecord,
    v: VersionRecord,
    at: Date,
    supersedes?: number,
  ) {
    await this.events.publicationChanged(em, change, factsOf(p, v), at, supersedes);
    await this.notifySubscribers(em, change, p, v, at, (subscriber) => canSeePublication(subscriber, p));
  }

  /** One notification per matching subscriber for whom `tell` holds. */
  private async notifySubscribers(
    em: EntityManager,
    change: Exclude<ChangeKind, 'withdrawn'>,
    p: PublicationRecord,
    v: VersionRecord,
    at: Date,
    tell: (subscriber: Principal) => boolean,
  ) {
    const subscribers = await this.publications.subscribersOf(em, subscriptionKeysOf(v));
    await this.events.addAll(em, this.notifications(change, p, v, at, subscribers, tell));
  }

  private notifications(
    change: Exclude<ChangeKind, 'withdrawn'>,
    p: PublicationRecord,
    v: VersionRecord,
    at: Date,
    subscribers: readonly SubscriberMatch[],
    tell: (subscriber: Principal) => boolean,
  ): OutboxEvent[] {
    const facts = factsOf(p, v);
    return subscribers
      .filter((s) => tell({ subject: s.subject, member: s.member, roles: [] }))
      .map((s) =>
        this.events.notificationEvent(
          change,
          facts,
          { subject: s.subject, member: s.member, matchedTopics: s.topics, matchedSeries: s.series, matchedLanguages: s.languages },
          at,
        ),
      );
  }

  /**
   * Cross-field rules class-validator cannot state, and the files: a base64 one decoded, its SHA-256 checked, stored
   * and its text extracted before the transaction (content-addressed, so a file stored by a request that then fails
   * is harmless); one without content must have been uploaded (PUT /uploads/:name) with that SHA-256 and media type.
   */
  private async prepare(caller: Principal, dto: VersionMetadataDto, errors: FieldError[]): Promise<PreparedVersion> {
    const originals = dto.titles.filter((t) => t.original === true).length;
    if (originals !== 1) errors.push({ field: 'titles', reason: `exactly one title must be marked original (found ${originals})` });
    const titleLanguages = dto.titles.map((t) => t.language);
    if (new Set(titleLanguages).size !== titleLanguages.length)
      errors.push({ field: 'titles', reason: 'has two titles in the same language' });
    const abstractLanguages = (dto.abstracts ?? []).map((t) => t.language);
    if (new Set(abstractLanguages).size !== abstractLanguages.length)
      errors.push({ field: 'abstracts', reason: 'has two abstracts in the same language' });
    const files = dto.files ?? [];
    const names = files.map((f) => f.name);
    if (new Set(names).size !== names.length) errors.push({ field: 'files', reason: 'has two files with the same name' });
    const sizes: number[] = [];
    const inline: { index: number; bytes: Buffer }[] = [];
    for (const [i, f] of files.entries()) {
      if (f.contentBase64 !== undefined) {
        const bytes = Buffer.from(f.contentBase64, 'base64');
        const actual = sha256Hex(bytes);
        if (actual !== f.sha256)
          errors.push({ field: `files.${i}.sha256`, reason: `does not match the content (its SHA-256 is ${actual})` });
        inline.push({ index: i, bytes });
        sizes[i] = bytes.length;
        continue;
      }
      const uploaded = await this.contents.find(f.sha256, f.mediaType);
      if (!uploaded)
        errors.push({
          field: `files.${i}.sha256`,
          reason: 'no file with this SHA-256 and media type was uploaded (PUT /uploads/:name), and contentBase64 is absent',
        });
      else sizes[i] = uploaded.size;
    }
    if (errors.length) throw new ValidationFailedError(errors);
    for (const { index, bytes } of inline) {
      const f = files[index];
      await this.storage.put(f.sha256, bytes);
      await this.contents.record({ sha256: f.sha256, mediaType: f.mediaType, size: bytes.length }, caller.subject, () =>
        Promise.resolve(Readable.from([bytes])),
      );
    }
    const originalLanguage = (dto.titles.find((t) => t.original) ?? dto.titles[0]).language;
    const metadata: VersionMetadata = {
      titles: dto.titles.map((t) => ({ language: t.language, text: t.text, ...(t.original ? { original: true } : {}) })),
      abstracts: (dto.abstracts ?? []).map((t) => ({ language: t.language, text: t.text, ...(t.original ? { original: true } : {}) })),
      creators: dto.creators.map((c) => ({
        familyName: c.familyName,
        ...(c.givenName ? { givenName: c.givenName } : {}),
        ...(c.orcid ? { orcid: c.orcid } : {}),
        ...(c.affiliations?.length
          ? { affiliations: c.affiliations.map((a) => ({ name: a.name, ...(a.ror ? { ror: normaliseRor(a.ror) } : {}) })) }
          : {}),
      })),
      topics: sortTopics(dto.topics),
      ...(dto.series ? { series: dto.series } : {}),
      keywords: dto.keywords ?? [],
      publicationDate: dto.publicationDate,
      licence: dto.licence,
      relatedIdentifiers: (dto.relatedIdentifiers ?? []).map((r) => ({
        identifier: r.identifier,
        identifierType: r.identifierType,
        relationType: r.relationType,
      })),
      files: files.map((f, i) => ({
        name: f.name,
        size: sizes[i],
        mediaType: f.mediaType,
        sha256: f.sha256,
        language: f.language ?? originalLanguage,
      })),
    };
    return { metadata };
  }
}

function requireEditor(caller: Principal): void {
  if (!isCatalogueEditor(caller)) throw new SecretariatEditorRequiredError();
}

function conceptErrors(dto: Pick<CreatePublicationDto, 'access' | 'restrictedMembers'>): FieldError[] {
  const errors: FieldError[] = [];
  if (dto.access === 'restricted' && !dto.restrictedMembers?.length) {
    errors.push({ field: 'restrictedMembers', reason: 'is required when access is restricted' });
  }
  if (dto.access !== 'restricted' && dto.restrictedMembers !== undefined) {
    errors.push({ field: 'restrictedMembers', reason: 'is only allowed when access is restricted' });
  }
  return errors;
}

function importErrors(dto: CreatePublicationDto): FieldError[] {
  const errors = conceptErrors(dto);
  if (!dto.externalId) errors.push({ field: 'externalId', reason: 'is required in a bulk import (it makes the import idempotent)' });
  return errors;
}

/** The concept record and version 1 of a new publication. */
function newRecords(
  dto: CreatePublicationDto,
  prepared: PreparedVersion,
  now: Date,
): { publication: PublicationRecord; version: VersionRecord } {
  const today = now.toISOString().slice(0, 10);
  const publication: PublicationRecord = {
    id: randomUUID(),
    externalId: dto.externalId ?? null,
    type: dto.type,
    access: dto.access,
    restrictedMembers: dto.access === 'restricted' ? [...(dto.restrictedMembers ?? [])].sort() : [],
    embargoUntil: dto.embargoUntil ?? null,
    embargoed: !!dto.embargoUntil && dto.embargoUntil > today,
    latestVersion: 1,
    withdrawnAt: null,
    withdrawalReason: null,
    createdAt: now,
    updatedAt: now,
  };
  const version: VersionRecord = {
    id: randomUUID(),
    publicationId: publication.id,
    version: 1,
    metadata: prepared.metadata,
    createdAt: now,
  };
  return { publication, version };
}

/** What subscriptions a version matches by: its topics, series and languages. */
function subscriptionKeysOf(v: VersionRecord) {
  return { topics: v.metadata.topics, series: v.metadata.series, languages: languagesOf(v.metadata) };
}

function normaliseRor(ror: string): string {
  return ror.startsWith('https://ror.org/') ? ror : `https://ror.org/${ror}`;
}

function sortTopics(topics: Topic[]): Topic[] {
  return [...topics].sort((a, b) => TOPIC_CODES.indexOf(a) - TOPIC_CODES.indexOf(b));
}

export function factsOf(p: PublicationRecord, v: VersionRecord): PublicationFacts {
  return {
    publicationId: p.id,
    versionId: v.id,
    version: v.version,
    type: p.type,
    topics: v.metadata.topics,
    access: p.access,
    restrictedMembers: p.restrictedMembers,
    originalTitle: originalTitle(v.metadata),
  };
}

function afterOf(query: SearchQueryDto): [number, string] | undefined {
  return query.cursor === undefined ? undefined : (SEARCH_CURSOR.decode(query.cursor) as [number, string]);
}

/** The page of `limit` rows out of `limit + 1`, and the cursor after it when there is more. */
function pageOf(rows: SearchHit[], limit: number): { page: SearchHit[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit ? SEARCH_CURSOR.encode([last.sort_key, last.id]) : null };
}

function facetsOf(rows: FacetRow[]): SearchResultView['facets'] {
  const out: SearchResultView['facets'] = { type: [], topic: [], year: [], language: [], access: [], series: [] };
  for (const r of rows) {
    if (r.facet === 'total') continue;
    out[r.facet as keyof SearchResultView['facets']].push({ value: r.value, count: r.n });
  }
  for (const list of Object.values(out) as { value: string; count: number }[][])
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return out;
}
