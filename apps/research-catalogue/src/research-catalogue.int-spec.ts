import {
  PublicationEmbargoLiftedEvent,
  PublicationNotificationEvent,
  PublicationReleasedEvent,
  PublicationRevisedEvent,
  PublicationWithdrawnEvent,
  Topics,
  validateAgainst,
} from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import type { CollectedEvent } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { PublicationWithdrawnConflictError } from './publications/publications.errors';
import { PublicationsRepository } from './publications/publications.repository';
import { PublicationsService } from './publications/publications.service';
import { fileOf, publicationBody, titled } from './testing/publication-fixtures';
import { editor, memberEditor, officer, ResearchCatalogueTestApp, startResearchCatalogueApp } from './testing/research-catalogue-test-app';

jest.setTimeout(90_000);

describe('research-catalogue: publications over HTTP, PostgreSQL and Kafka', () => {
  let t: ResearchCatalogueTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics[Topics.ResearchPublication]]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const eventsOf = async (id: string, type: string, count = 1): Promise<CollectedEvent[]> => {
    const all = await collector.waitFor((e) => e.filter((x) => x.event.subject === id && x.event.type === type).length >= count);
    return all.filter((x) => x.event.subject === id && x.event.type === type);
  };

  it('creates a public publication with a file, readable without a token, and publishes its released event', async () => {
    const file = fileOf('report.pdf', '%PDF-1.7 the report');
    const created = await t.call(editor, 'POST', '/publications', publicationBody({ files: [file] }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers['location']).toBe(`/publications/${id}`);
    expect(created.body).toMatchObject({
      status: 'published',
      access: 'public',
      latestVersion: 1,
      current: { version: 1, superseded: false },
    });
    expect(created.body.current.creators[0].affiliations[0].ror).toBe('https://ror.org/05gq02987');
    expect(created.body.current.files).toEqual([
      {
        name: 'report.pdf',
        size: 19,
        mediaType: 'application/pdf',
        sha256: file.sha256,
        language: 'en',
        url: `https://research.test/publications/${id}/versions/1/files/report.pdf`,
      },
    ]);

    const anonymous = await t.call(undefined, 'GET', `/publications/${id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.current.titles).toEqual(created.body.current.titles);
    const download = await t.app.inject({ method: 'GET', url: `/publications/${id}/versions/1/files/report.pdf` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['etag']).toBe(`"${file.sha256}"`);
    expect(download.rawPayload.toString()).toBe('%PDF-1.7 the report');
    expect((await t.call(undefined, 'GET', `/publications/${id}/versions/1/files/other.pdf`)).body.code).toBe('file_not_found');

    const [event] = await eventsOf(id, PublicationReleasedEvent.type);
    expect(event.event.data).toEqual({
      publicationId: id,
      versionId: created.body.current.id,
      version: 1,
      publicationType: 'study_report',
      topics: ['trade_facilitation'],
      access: 'public',
      restrictedMembers: [],
      title: 'Small parcels and e-commerce risk management',
      occurredAt: expect.any(String),
    });
    expect(() => validateAgainst(PublicationReleasedEvent, event.event.data)).not.toThrow();
  });

  it('refuses invalid metadata with a 400 problem naming each field, and writes nothing', async () => {
    const before = await t.count('publication');
    const bad = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        creators: [{ familyName: 'Doe', orcid: '0000-0002-1825-0098', affiliations: [{ name: 'X', ror: '05gq02988' }] }],
        topics: ['astrology'],
        publicationDate: '2026-02-30',
        licence: 'GPL-2.0+',
        titles: [{ language: 'de', text: 'Titel', original: true }],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'creators.0.affiliations.0.ror',
      'creators.0.orcid',
      'licence',
      'publicationDate',
      'titles.0.language',
      'topics',
    ]);

    const file = fileOf('data.csv', 'a,b\n1,2\n', 'text/csv');
    const mismatch = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        files: [{ ...file, sha256: '0'.repeat(64) }],
        titles: [
          { language: 'en', text: 'A' },
          { language: 'fr', text: 'B' },
        ],
      }),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['files.0.sha256', 'titles']);
    const restricted = await t.call(editor, 'POST', '/publications', publicationBody({ access: 'restricted' }));
    expect(restricted.body.errors.map((e: { field: string }) => e.field)).toEqual(['restrictedMembers']);
    expect(await t.count('publication')).toBe(before);
    expect(await t.count('publication_version')).toBe(before);
  });

  it('adds an immutable version that supersedes the previous one, still readable and citable with its own id', async () => {
    const created = await t.call(editor, 'POST', '/publications', publicationBody(titled('Revenue study, first edition')));
    const id = created.body.id as string;
    const v2 = await t.call(editor, 'POST', `/publications/${id}/versions`, {
      ...publicationBody(titled('Revenue study, second edition')),
      type: undefined,
      access: undefined,
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, superseded: false, url: `https://research.test/publications/${id}/versions/2` });

    const v1 = await t.call(undefined, 'GET', `/publications/${id}/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      id: created.body.current.id,
      version: 1,
      superseded: true,
      titles: [{ text: 'Revenue study, first edition' }],
    });
    expect(v1.body.id).not.toBe(v2.body.id);
    const concept = await t.call(undefined, 'GET', `/publications/${id}`);
    expect(concept.body.latestVersion).toBe(2);
    expect(concept.body.current.titles[0].text).toBe('Revenue study, second edition');
    expect(concept.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    const bibtex = await t.app.inject({
      method: 'GET',
      url: `/publications/${id}/versions/1`,
      headers: { accept: 'application/x-bibtex' },
    });
    expect(bibtex.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(bibtex.body).toContain('  title = {Revenue study, first edition},');
    expect(bibtex.body).toContain(`  url = {https://research.test/publications/${id}/versions/1}`);
    const ris = await t.app.inject({
      method: 'GET',
      url: `/publications/${id}/versions/2`,
      headers: { accept: 'application/x-research-info-systems' },
    });
    expect(ris.body).toContain('TI  - Revenue study, second edition\r\n');
    const csl = await t.app.inject({
      method: 'GET',
      url: `/publications/${id}/versions/2`,
      headers: { accept: 'application/vnd.citationstyles.csl+json' },
    });
    expect(JSON.parse(csl.body)[0]).toMatchObject({ type: 'report', version: '2', title: 'Revenue study, second edition' });
    const apa = await t.app.inject({ method: 'GET', url: `/publications/${id}/versions/2`, headers: { accept: 'text/x-bibliography' } });
    expect(apa.body).toBe(
      `Dupont, J., & WCO Research Unit. (2026). Revenue study, second edition (Version 2) [Study report]. World Customs Organization. https://research.test/publications/${id}/versions/2\n`,
    );
    const harvard = await t.app.inject({
      method: 'GET',
      url: `/publications/${id}/versions/2`,
      headers: { accept: 'text/x-bibliography; style=harvard' },
    });
    expect(harvard.headers['content-type']).toBe('text/x-bibliography; style=harvard; charset=utf-8');
    expect(harvard.body).toBe(
      `Dupont, J. and WCO Research Unit (2026) Revenue study, second edition. Study report. World Customs Organization. Available at: https://research.test/publications/${id}/versions/2.\n`,
    );
    const vancouver = await t.app.inject({ method: 'GET', url: `/publications/${id}/versions/2?format=vancouver` });
    expect(vancouver.body).toMatch(/^Dupont J, WCO Research Unit\. Revenue study, second edition \[Study report\]/);
    const unknownStyle = await t.app.inject({
      method: 'GET',
      url: `/publications/${id}/versions/2`,
      headers: { accept: 'text/x-bibliography; style=chicago' },
    });
    expect(unknownStyle.statusCode).toBe(406);
    const refused = await t.app.inject({ method: 'GET', url: `/publications/${id}/versions/2`, headers: { accept: 'application/pdf' } });
    expect([refused.statusCode, refused.json().code]).toEqual([406, 'not_acceptable']);
    expect((await t.call(undefined, 'GET', `/publications/${id}/versions/3`)).body.code).toBe('version_not_found');

    const [revised] = await eventsOf(id, PublicationRevisedEvent.type);
    expect(revised.event.data).toMatchObject({ version: 2, supersedes: 1, versionId: v2.body.id });
  });

  it('withdraws a publication into a tombstone with its reason, reported as such and never deleted', async () => {
    const id = (await t.call(editor, 'POST', '/publications', publicationBody(titled('Withdrawn scan')))).body.id as string;
    const withdrawn = await t.call(editor, 'POST', `/publications/${id}/withdraw`, { reason: 'Data error in annex 2' });
    expect(withdrawn.status).toBe(200);
    const tombstone = await t.call(undefined, 'GET', `/publications/${id}`);
    expect(tombstone.body).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'Data error in annex 2' } });
    expect(tombstone.body.current).toBeUndefined();
    const gone = await t.call(undefined, 'GET', `/publications/${id}/versions/1`);
    expect([gone.status, gone.body.code, gone.body.reason]).toEqual([410, 'publication_withdrawn', 'Data error in annex 2']);
    expect((await t.call(editor, 'POST', `/publications/${id}/withdraw`, { reason: 'again' })).status).toBe(409);
    expect(
      (await t.call(editor, 'POST', `/publications/${id}/versions`, publicationBody({ type: undefined, access: undefined }))).body.code,
    ).toBe('publication_withdrawn');
    const search = await t.call(undefined, 'GET', `/publications?q=${encodeURIComponent('"Withdrawn scan"')}`);
    expect(search.body.total).toBe(0);
    expect(await t.dataSource.query(`SELECT 1 FROM publication_version WHERE publication_id = $1`, [id])).toHaveLength(1);
    const [event] = await eventsOf(id, PublicationWithdrawnEvent.type);
    expect(event.event.data).toMatchObject({ publicationId: id, version: 1 });
  });

  it('keeps an embargoed publication hidden, silent, until the embargo job lifts it and emits embargo_lifted', async () => {
    const created = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({ ...titled('Embargoed brief'), embargoUntil: '2999-01-01' }),
    );
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'embargoed', embargoUntil: '2999-01-01' });
    const missing = await t.call(undefined, 'GET', `/publications/${randomUUID()}`);
    for (const reader of [undefined, officer('FR')]) {
      const hidden = await t.call(reader, 'GET', `/publications/${id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.detail.replace(id, '<id>')).toBe(missing.body.detail.replace(/[0-9a-f-]{36}/, '<id>'));
    }
    const service = t.app.get(PublicationsService);
    expect(await service.liftDueEmbargoes('2998-12-31')).toEqual([]);
    expect(await service.liftDueEmbargoes('2999-01-01')).toEqual([id]);
    expect((await t.call(undefined, 'GET', `/publications/${id}`)).body.status).toBe('published');
    const [lifted] = await eventsOf(id, PublicationEmbargoLiftedEvent.type);
    expect(lifted.event.data).toMatchObject({ publicationId: id, version: 1, access: 'public' });
    expect(collector.events.filter((e) => e.event.subject === id && e.event.type === PublicationReleasedEvent.type)).toEqual([]);
  });

  it('lets only Secretariat editors write (no token 401, another role 403, a Member-issued editor 403)', async () => {
    expect((await t.call(undefined, 'POST', '/publications', publicationBody())).status).toBe(401);
    const analyst = await t.call(officer('FR'), 'POST', '/publications', publicationBody());
    expect([analyst.status, analyst.body.code]).toEqual([403, 'insufficient_role']);
    const memberIssued = await t.call(memberEditor('FR'), 'POST', '/publications', publicationBody());
    expect([memberIssued.status, memberIssued.body.code]).toEqual([403, 'secretariat_editor_required']);
    const bad = await t.app.inject({ method: 'GET', url: '/publications', headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.statusCode).toBe(401);
  });

  it('notifies each subscriber of a topic once per release, and never one whose Member may not see it', async () => {
    const fr = officer('FR', 7);
    const de = officer('DE', 7);
    for (const user of [fr, de]) expect((await t.call(user, 'PUT', '/subscriptions/revenue_collection')).status).toBe(204);
    expect((await t.call(fr, 'PUT', '/subscriptions/revenue_collection')).status).toBe(204);
    expect((await t.call(fr, 'GET', '/subscriptions')).body).toEqual({ topics: ['revenue_collection'], series: [], languages: [] });
    expect((await t.call(fr, 'PUT', '/subscriptions/astrology')).status).toBe(400);
    expect((await t.call(undefined, 'GET', '/subscriptions')).status).toBe(401);

    const restricted = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        ...titled('Restricted revenue study'),
        topics: ['revenue_collection'],
        access: 'restricted',
        restrictedMembers: ['FR'],
      }),
    );
    const members = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({ ...titled('Members revenue study'), topics: ['revenue_collection'], access: 'members' }),
    );
    const toRestricted = await eventsOf(restricted.body.id, PublicationNotificationEvent.type);
    const toMembers = await eventsOf(members.body.id, PublicationNotificationEvent.type, 2);
    expect(toMembers.map((e) => (e.event.data as PublicationNotificationEvent).subscriberMember).sort()).toEqual(['DE', 'FR']);
    expect(toRestricted.map((e) => e.event.data)).toEqual([
      expect.objectContaining({
        subscriber: fr.subject,
        subscriberMember: 'FR',
        change: 'released',
        matchedTopics: ['revenue_collection'],
      }),
    ]);
    const [release] = await eventsOf(restricted.body.id, PublicationReleasedEvent.type);
    expect(release.event.data).toMatchObject({ access: 'restricted', restrictedMembers: ['FR'] });
    expect((release.event.data as { title?: string }).title).toBeUndefined();

    expect((await t.call(de, 'DELETE', '/subscriptions/revenue_collection')).status).toBe(204);
    expect((await t.call(de, 'GET', '/subscriptions')).body).toEqual({ topics: [], series: [], languages: [] });
  });

  it('notifies a subscriber of a matching topic, series or language once per release, never one who may not see it', async () => {
    const series = 'Études douanières — série spéciale';
    const fr = officer('FR', 8);
    const de = officer('DE', 8);
    const ke = officer('KE', 8);
    for (const url of [
      '/subscriptions/environment_and_sustainability',
      `/subscriptions/series/${encodeURIComponent(series)}`,
      '/subscriptions/languages/fr',
    ])
      expect((await t.call(fr, 'PUT', url)).status).toBe(204);
    expect((await t.call(de, 'PUT', `/subscriptions/series/${encodeURIComponent(series)}`)).status).toBe(204);
    expect((await t.call(ke, 'PUT', '/subscriptions/languages/es')).status).toBe(204);
    expect((await t.call(fr, 'GET', '/subscriptions')).body).toEqual({
      topics: ['environment_and_sustainability'],
      series: [series],
      languages: ['fr'],
    });
    expect((await t.call(fr, 'PUT', '/subscriptions/languages/de')).body.errors).toEqual([expect.objectContaining({ field: 'language' })]);
    expect((await t.call(fr, 'PUT', `/subscriptions/series/${encodeURIComponent(' ')}`)).body.errors).toEqual([
      expect.objectContaining({ field: 'series' }),
    ]);

    // Matches FR three ways (topic, series, French title), DE by its series but DE may not see it, KE not at all.
    const restricted = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        titles: [
          { language: 'fr', text: 'Douanes et économie circulaire', original: true },
          { language: 'en', text: 'Customs and the circular economy' },
        ],
        topics: ['environment_and_sustainability'],
        series,
        access: 'restricted',
        restrictedMembers: ['FR', 'KE'],
      }),
    );
    // The same series opened to every Member: DE is told too, FR once again (a second publication).
    const members = await t.call(editor, 'POST', '/publications', publicationBody({ ...titled('Green lanes'), series, access: 'members' }));
    // Withdrawals as sentinels: once a publication's withdrawn event is in, every event written before it is (key =
    // publication id: one partition, in order).
    for (const id of [restricted.body.id, members.body.id]) {
      expect((await t.call(editor, 'POST', `/publications/${id}/withdraw`, { reason: 'Sentinel' })).status).toBe(200);
      await eventsOf(id, PublicationWithdrawnEvent.type);
    }
    const toRestricted = await eventsOf(restricted.body.id, PublicationNotificationEvent.type);
    const toMembers = await eventsOf(members.body.id, PublicationNotificationEvent.type, 2);
    const all = (id: string) =>
      collector.events.filter((e) => e.event.subject === id && e.event.type === PublicationNotificationEvent.type).map((e) => e.event.data);
    expect(toRestricted.map((e) => e.event.data)).toEqual([
      expect.objectContaining({
        subscriber: fr.subject,
        subscriberMember: 'FR',
        matchedTopics: ['environment_and_sustainability'],
        matchedSeries: true,
        matchedLanguages: ['fr'],
      }),
    ]);
    expect(all(restricted.body.id)).toHaveLength(1);
    expect(JSON.stringify(all(restricted.body.id))).not.toContain('série');
    for (const e of toMembers) expect(() => validateAgainst(PublicationNotificationEvent, e.event.data)).not.toThrow();
    expect(
      all(members.body.id)
        .map((d) => [(d as PublicationNotificationEvent).subscriberMember, (d as PublicationNotificationEvent).matchedSeries])
        .sort(),
    ).toEqual([
      ['DE', true],
      ['FR', true],
    ]);
    expect((await t.call(fr, 'DELETE', `/subscriptions/series/${encodeURIComponent(series)}`)).status).toBe(204);
    expect((await t.call(fr, 'DELETE', '/subscriptions/languages/fr')).status).toBe(204);
    expect((await t.call(fr, 'GET', '/subscriptions')).body).toEqual({
      topics: ['environment_and_sustainability'],
      series: [],
      languages: [],
    });
  });

  it('creates one publication for a retried request with the same Idempotency-Key', async () => {
    const key = `create-${randomUUID()}`;
    const body = publicationBody(titled('Retried paper'));
    const first = await t.call(editor, 'POST', '/publications', body, { 'idempotency-key': key });
    const retry = await t.call(editor, 'POST', '/publications', body, { 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(
      await t.dataSource.query(`SELECT 1 FROM publication_version WHERE metadata->'titles'->0->>'text' = 'Retried paper'`),
    ).toHaveLength(1);
  });

  it('imports in bulk: per-item results, a bad item does not sink the batch, a second run changes nothing', async () => {
    const items = [
      publicationBody({ ...titled('Imported one'), externalId: 'legacy-1' }),
      publicationBody({ ...titled('Imported bad'), externalId: 'legacy-2', creators: [{ familyName: 'X', orcid: '0000-0000-0000-0000' }] }),
      publicationBody({ ...titled('Imported three'), externalId: 'legacy-3', unknownField: 1 }),
      publicationBody({ ...titled('Imported four'), externalId: 'legacy-4' }),
    ];
    const first = await t.call(editor, 'POST', '/imports', { items });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, unchanged: 0, failed: 2 });
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'failed', 'failed', 'created']);
    expect(first.body.results[1].errors).toEqual([{ field: 'items.1.creators.0.orcid', reason: expect.stringContaining('ORCID') }]);
    expect(first.body.results[2].errors.map((e: { field: string }) => e.field)).toEqual(['items.2.unknownField']);
    const again = await t.call(editor, 'POST', '/imports', { items: [items[0], items[3]] });
    expect(again.body).toMatchObject({ created: 0, unchanged: 2, failed: 0 });
    expect(again.body.results.map((r: { id: string }) => r.id)).toEqual([first.body.results[0].id, first.body.results[3].id]);
    expect((await t.call(officer('FR'), 'POST', '/imports', { items })).status).toBe(403);
  });

  it('imports a chunk together: events and notifications per released item, a repeated external id once, the text searchable', async () => {
    const [de, fr] = [officer('DE', 77), officer('FR', 77)];
    const series = `Import series ${randomUUID()}`;
    for (const user of [de, fr])
      expect((await t.call(user, 'PUT', `/subscriptions/series/${encodeURIComponent(series)}`)).status).toBe(204);
    const word = `chunkword${randomUUID().slice(0, 8)}`;
    const run = randomUUID();
    const items = [
      publicationBody({ ...titled(`Chunk public ${word}`), series, externalId: `chunk-${run}-a` }),
      publicationBody({
        ...titled('Chunk restricted'),
        series,
        access: 'restricted',
        restrictedMembers: ['FR'],
        externalId: `chunk-${run}-b`,
      }),
      publicationBody({ ...titled('Chunk repeated'), series, externalId: `chunk-${run}-a` }),
      publicationBody({ ...titled('Chunk embargoed'), series, embargoUntil: '2099-01-01', externalId: `chunk-${run}-d` }),
      publicationBody({ ...titled('Chunk bad'), publicationDate: '2026-02-30', externalId: `chunk-${run}-e` }),
    ];
    const result = await t.call(editor, 'POST', '/imports', { items });
    expect(result.body).toMatchObject({ created: 3, unchanged: 1, failed: 1 });
    const [a, b, repeated, d, bad] = result.body.results;
    expect([a.status, b.status, repeated.status, d.status, bad.status]).toEqual(['created', 'created', 'unchanged', 'created', 'failed']);
    expect(repeated.id).toBe(a.id);
    expect(bad.errors.map((e: { field: string }) => e.field)).toEqual(['items.4.publicationDate']);

    const found = await t.call(de, 'GET', `/publications?q=${word}`);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const [released] = await eventsOf(a.id, PublicationReleasedEvent.type);
    expect(released.event.data).toMatchObject({ publicationId: a.id, title: `Chunk public ${word}` });
    await eventsOf(b.id, PublicationReleasedEvent.type);
    const toA = await eventsOf(a.id, PublicationNotificationEvent.type, 2);
    expect(toA.map((e) => e.event.data)).toEqual([
      expect.objectContaining({ subscriber: de.subject, subscriberMember: 'DE', matchedSeries: true, change: 'released' }),
      expect.objectContaining({ subscriber: fr.subject, subscriberMember: 'FR', matchedSeries: true, change: 'released' }),
    ]);
    // FR's restricted record: FR is told, DE (whose notification would come first, in the same statement) is not.
    const toB = await eventsOf(b.id, PublicationNotificationEvent.type);
    expect(toB.map((e) => (e.event.data as PublicationNotificationEvent).subscriberMember)).toEqual(['FR']);
    expect(collector.events.filter((e) => e.event.subject === d.id)).toEqual([]);
    expect(await t.dataSource.query(`SELECT 1 FROM publication WHERE external_id = $1`, [`chunk-${run}-a`])).toHaveLength(1);
  });

  it('imports the same new external ids once when two imports run at the same time', async () => {
    const run = randomUUID();
    const items = Array.from({ length: 20 }, (_, i) => publicationBody({ ...titled(`Concurrent ${i}`), externalId: `both-${run}-${i}` }));
    const [one, two] = await Promise.all([t.call(editor, 'POST', '/imports', { items }), t.call(editor, 'POST', '/imports', { items })]);
    expect(one.body.created + two.body.created).toBe(20);
    expect(one.body.unchanged + two.body.unchanged).toBe(20);
    expect(one.body.results.map((r: { id: string }) => r.id)).toEqual(two.body.results.map((r: { id: string }) => r.id));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM publication WHERE external_id LIKE $1`, [`both-${run}-%`]);
    expect(n).toBe(20);
  });

  it('imports item by item when the chunk cannot be written together, so only the failing item fails', async () => {
    const repository = t.app.get(PublicationsRepository);
    const run = randomUUID();
    const spy = jest.spyOn(repository, 'insertPublications');
    // The chunk's write fails once (as a conflicting concurrent write would); then the one-by-one pass fails item 1.
    spy.mockRejectedValueOnce(new Error('chunk conflict'));
    const single = jest.spyOn(repository, 'insertPublication');
    single.mockImplementation(async (em, p, by) => {
      if (p.externalId === `fallback-${run}-1`) throw new PublicationWithdrawnConflictError(p.id);
      await repository.insertPublications(em, [p], by);
    });
    try {
      const items = [0, 1, 2].map((i) => publicationBody({ ...titled(`Fallback ${i}`), externalId: `fallback-${run}-${i}` }));
      const result = await t.call(editor, 'POST', '/imports', { items });
      expect(result.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'failed', 'created']);
      const rows = await t.dataSource.query(`SELECT external_id FROM publication WHERE external_id LIKE $1 ORDER BY 1`, [
        `fallback-${run}-%`,
      ]);
      expect(rows.map((r: { external_id: string }) => r.external_id)).toEqual([`fallback-${run}-0`, `fallback-${run}-2`]);
    } finally {
      spy.mockRestore();
      single.mockRestore();
    }
  });

  it('is ready when its database and broker answer, and serves its OpenAPI document', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/publications', '/publications/{id}', '/publications/{id}/versions/{version}']),
    );
  });
});
