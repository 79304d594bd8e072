import {
  PublicationAccessChangedEvent,
  PublicationNotificationEvent,
  PublicationRevisedEvent,
  Topics,
  validateAgainst,
} from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import type { CollectedEvent } from '@wco/testing';
import { XMLParser } from 'fast-xml-parser';
import { randomUUID } from 'node:crypto';
import { SearchAids } from '../publications/search-aids';
import { oaiSchemaErrors } from '../testing/oai-schema';
import { publicationBody, titled } from '../testing/publication-fixtures';
import { editor, memberEditor, officer, ResearchCatalogueTestApp, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import type { TestUser } from '../testing/research-catalogue-test-app';

jest.setTimeout(120_000);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (n) => ['record', 'header'].includes(n),
});

describe('research-catalogue: access changes after creation (PUT /publications/:id/access)', () => {
  let t: ResearchCatalogueTestApp;
  let collector: EventCollector;
  const fr = officer('FR', 3);
  const de = officer('DE', 3);

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_access', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics[Topics.ResearchPublication]]);
    for (const user of [fr, de]) expect((await t.call(user, 'PUT', '/subscriptions/enforcement_and_compliance')).status).toBe(204);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  /** Every event of the publication up to the `count`-th of `type` (key = publication id: one partition, in order). */
  const eventsUntil = async (id: string, type: string, count: number): Promise<CollectedEvent[]> => {
    const all = await collector.waitFor((e) => e.filter((x) => x.event.subject === id && x.event.type === type).length >= count);
    const mine = all.filter((x) => x.event.subject === id);
    let seen = 0;
    const cut = mine.findIndex((x) => x.event.type === type && ++seen === count);
    return mine.slice(0, cut + 1);
  };
  const notified = (events: CollectedEvent[]) =>
    events.filter((e) => e.event.type === PublicationNotificationEvent.type).map((e) => e.event.data as PublicationNotificationEvent);
  const oai = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/oai?${query}` });
    expect(await oaiSchemaErrors(res.body)).toEqual([]);
    return parser.parse(res.body)['OAI-PMH'];
  };
  const change = (user: TestUser, id: string, body: Record<string, unknown>) => t.call(user, 'PUT', `/publications/${id}/access`, body);
  const found = async (user: TestUser | undefined, q: string) => {
    const res = await t.call(user, 'GET', `/publications?q=${encodeURIComponent(q)}`);
    return {
      ids: res.body.items.map((i: { id: string }) => i.id),
      total: res.body.total,
      access: res.body.facets.access,
      suggestion: res.body.suggestion,
    };
  };

  it('applies a new rule at once to reads, search, suggestions and OAI-PMH, with an event, an audit row and notifications to the newly entitled only', async () => {
    const created = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        ...titled('Lagoonword smuggling routes'),
        topics: ['enforcement_and_compliance'],
        access: 'restricted',
        restrictedMembers: ['FR'],
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const identifier = `oai:research.test:${id}`;
    expect((await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}`)).error['@code']).toBe('idDoesNotExist');

    // restricted FR -> members: DE may see it now and is told; FR already could and is not told again.
    const toMembers = await change(editor, id, { access: 'members', reason: 'Shared with all Members after review' });
    expect([toMembers.status, toMembers.body.access]).toEqual([200, 'members']);
    expect((await t.call(de, 'GET', `/publications/${id}`)).status).toBe(200);
    expect((await found(de, 'lagoonword')).ids).toEqual([id]);
    expect((await found(undefined, 'lagoonword')).ids).toEqual([]);

    // members -> public: harvesters see it, the public finds it, the vocabulary suggests its words.
    expect((await change(editor, id, { access: 'public', reason: 'Cleared for publication' })).status).toBe(200);
    expect((await found(undefined, 'lagoonword')).ids).toEqual([id]);
    const record = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}`);
    expect(record.GetRecord.record[0].header[0]['@status']).toBeUndefined();
    expect(await t.app.get(SearchAids).suggestion('lagoonwor')).toBe('lagoonword');

    // public -> restricted DE: gone for the public and FR (404 like a random id), deleted for harvesters, no suggestion.
    const toDe = await change(editor, id, { access: 'restricted', restrictedMembers: ['DE'], reason: 'Sensitive annex found' });
    expect([toDe.status, toDe.body.restrictedMembers]).toEqual([200, ['DE']]);
    const random = await t.call(fr, 'GET', `/publications/${randomUUID()}`);
    const hidden = await t.call(fr, 'GET', `/publications/${id}`);
    expect([hidden.status, hidden.body.code]).toEqual([404, random.body.code]);
    expect(await found(undefined, 'lagoonword')).toEqual({ ids: [], total: 0, access: [], suggestion: undefined });
    expect((await found(fr, 'lagoonword')).ids).toEqual([]);
    expect((await found(de, 'lagoonword')).ids).toEqual([id]);
    expect(await t.app.get(SearchAids).suggestion('lagoonwor')).toBeUndefined();
    const deleted = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}`);
    expect(deleted.GetRecord.record[0].header[0]['@status']).toBe('deleted');
    expect(deleted.GetRecord.record[0].metadata).toBeUndefined();
    const listed = (await oai('verb=ListIdentifiers&metadataPrefix=oai_dc')).ListIdentifiers.header;
    expect(
      listed.filter((h: { identifier: string }) => h.identifier === identifier).map((h: { '@status'?: string }) => h['@status']),
    ).toEqual(['deleted']);

    // A revision now notifies DE only (FR follows the topic but may not see it any more).
    const revised = await t.call(editor, 'POST', `/publications/${id}/versions`, {
      ...publicationBody({ ...titled('Lagoonword smuggling routes, second edition'), topics: ['enforcement_and_compliance'] }),
      type: undefined,
      access: undefined,
    });
    expect(revised.status).toBe(201);

    // A last change as a sentinel: every event written before it has arrived once it has (one partition, in order).
    expect(
      (await change(editor, id, { access: 'restricted', restrictedMembers: ['DE', 'KE'], reason: 'Kenya joins the study' })).status,
    ).toBe(200);
    const events = (await eventsUntil(id, PublicationAccessChangedEvent.type, 4)).slice(0, -1);
    expect(events.map((e) => e.event.type)).toEqual([
      'org.wcoomd.research.publication.released.v1',
      PublicationNotificationEvent.type, // FR at creation
      PublicationAccessChangedEvent.type, // -> members
      PublicationNotificationEvent.type, // DE, newly entitled
      PublicationAccessChangedEvent.type, // -> public: nobody new among the subscribers
      PublicationAccessChangedEvent.type, // -> restricted DE
      PublicationRevisedEvent.type,
      PublicationNotificationEvent.type, // DE only
    ]);
    expect(notified(events).map((n) => [n.subscriberMember, n.change])).toEqual([
      ['FR', 'released'],
      ['DE', 'released'],
      ['DE', 'revised'],
    ]);
    const changes = events
      .filter((e) => e.event.type === PublicationAccessChangedEvent.type)
      .map((e) => e.event.data as PublicationAccessChangedEvent);
    for (const c of changes) expect(() => validateAgainst(PublicationAccessChangedEvent, c)).not.toThrow();
    expect(changes.map((c) => [c.previousAccess, c.access, c.restrictedMembers, c.title])).toEqual([
      ['restricted', 'members', [], undefined],
      ['members', 'public', [], 'Lagoonword smuggling routes'],
      ['public', 'restricted', ['DE'], undefined],
    ]);
    expect(JSON.stringify(changes)).not.toContain('Sensitive annex');
    const audit: { reason: string; changed_by: string; before: { access: string }; after: { access: string } }[] = await t.dataSource.query(
      `SELECT reason, changed_by, before, after FROM publication_access_change WHERE publication_id = $1 ORDER BY changed_at`,
      [id],
    );
    expect(audit.map((a) => [a.changed_by, a.before.access, a.after.access, a.reason])).toEqual([
      [editor.subject, 'restricted', 'members', 'Shared with all Members after review'],
      [editor.subject, 'members', 'public', 'Cleared for publication'],
      [editor.subject, 'public', 'restricted', 'Sensitive annex found'],
      [editor.subject, 'restricted', 'restricted', 'Kenya joins the study'],
    ]);
  });

  it('puts a released publication back under embargo and lifts it by a change, harvesters seeing it deleted meanwhile', async () => {
    const created = await t.call(editor, 'POST', '/publications', publicationBody(titled('Embargo turnaround study')));
    const id = created.body.id as string;
    const identifier = `oai:research.test:${id}`;
    const held = await change(editor, id, { access: 'public', embargoUntil: '2999-01-01', reason: 'Legal review pending' });
    expect([held.status, held.body.status, held.body.embargoUntil]).toEqual([200, 'embargoed', '2999-01-01']);
    expect((await t.call(fr, 'GET', `/publications/${id}`)).status).toBe(404);
    expect((await t.call(undefined, 'GET', `/publications/${id}`)).status).toBe(404);
    expect((await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}`)).GetRecord.record[0].header[0]['@status']).toBe(
      'deleted',
    );
    const lifted = await change(editor, id, { access: 'public', reason: 'Review done' });
    expect([lifted.status, lifted.body.status]).toEqual([200, 'published']);
    expect((await t.call(undefined, 'GET', `/publications/${id}`)).status).toBe(200);
    expect(
      (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}`)).GetRecord.record[0].header[0]['@status'],
    ).toBeUndefined();
    const events = await eventsUntil(id, PublicationAccessChangedEvent.type, 2);
    expect(
      events
        .filter((e) => e.event.type === PublicationAccessChangedEvent.type)
        .map((e) => [
          (e.event.data as PublicationAccessChangedEvent).previouslyEmbargoed,
          (e.event.data as PublicationAccessChangedEvent).embargoed,
        ]),
    ).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('shows editors the history of access changes, oldest first, and to anyone else the 404 of an unknown id', async () => {
    const created = await t.call(editor, 'POST', '/publications', publicationBody(titled('Access history study')));
    const id = created.body.id as string;
    const history = () => t.call(editor, 'GET', `/publications/${id}/access-history`);
    expect((await history()).body).toEqual({ items: [] });
    expect((await change(editor, id, { access: 'restricted', restrictedMembers: ['FR', 'DE'], reason: 'Draft findings' })).status).toBe(
      200,
    );
    expect((await change(editor, id, { access: 'members', embargoUntil: '2999-01-01', reason: 'Embargoed for the Council' })).status).toBe(
      200,
    );
    expect((await change(editor, id, { access: 'members', embargoUntil: '2999-01-01', reason: 'The same again' })).status).toBe(200);
    const answer = await history();
    expect(answer.status).toBe(200);
    const publicRule = { access: 'public', restrictedMembers: [], embargoUntil: null, embargoed: false };
    const restrictedRule = { access: 'restricted', restrictedMembers: ['DE', 'FR'], embargoUntil: null, embargoed: false };
    const embargoedRule = { access: 'members', restrictedMembers: [], embargoUntil: '2999-01-01', embargoed: true };
    expect(answer.body.items).toEqual([
      {
        id: expect.any(String),
        changedAt: expect.any(String),
        changedBy: editor.subject,
        reason: 'Draft findings',
        before: publicRule,
        after: restrictedRule,
      },
      {
        id: expect.any(String),
        changedAt: expect.any(String),
        changedBy: editor.subject,
        reason: 'Embargoed for the Council',
        before: restrictedRule,
        after: embargoedRule,
      },
    ]);
    expect(Date.parse(answer.body.items[0].changedAt)).toBeLessThanOrEqual(Date.parse(answer.body.items[1].changedAt));
    // Still the editors' record after a withdrawal.
    expect((await t.call(editor, 'POST', `/publications/${id}/withdraw`, { reason: 'Superseded elsewhere' })).status).toBe(200);
    expect((await history()).body.items).toHaveLength(2);

    const random = randomUUID();
    const publicOne = (await t.call(editor, 'POST', '/publications', publicationBody(titled('Public history study')))).body.id as string;
    for (const user of [undefined, fr, de, memberEditor('FR'), { subject: 'staff-2', member: 'WCO', roles: ['member-analyst' as const] }]) {
      const unknown = await t.call(user, 'GET', `/publications/${random}/access-history`);
      expect(unknown.status).toBe(404);
      for (const target of [id, publicOne]) {
        const res = await t.call(user, 'GET', `/publications/${target}/access-history`);
        expect([user?.subject, res.status, JSON.stringify(res.body).replaceAll(target, '<id>')]).toEqual([
          user?.subject,
          404,
          JSON.stringify(unknown.body).replaceAll(random, '<id>'),
        ]);
      }
    }
    expect((await t.call(editor, 'GET', `/publications/${random}/access-history`)).body.code).toBe('publication_not_found');
    expect((await t.call(editor, 'GET', `/publications/not-a-uuid/access-history`)).status).toBe(400);
    expect(
      (await t.call(undefined, 'GET', `/publications/${id}/access-history`, undefined, { authorization: 'Bearer not.a.token' })).status,
    ).toBe(401);
  });

  it('refuses bad rules (naming the field), other callers, unknown and withdrawn publications, and writes nothing', async () => {
    const created = await t.call(editor, 'POST', '/publications', publicationBody(titled('Access refusals study')));
    const id = created.body.id as string;
    const before = await t.count('publication_access_change');
    const bad = await change(editor, id, { access: 'secret', embargoUntil: '2026-02-30', reason: 'x' });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field).sort()]).toEqual([
      400,
      ['access', 'embargoUntil', 'reason'],
    ]);
    const nobody = await change(editor, id, { access: 'restricted', reason: 'Because' });
    expect([nobody.status, nobody.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['restrictedMembers']]);
    const extra = await change(editor, id, { access: 'public', restrictedMembers: ['FR'], reason: 'Because' });
    expect([extra.status, extra.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['restrictedMembers']]);
    expect((await change(fr, id, { access: 'members', reason: 'Because' })).status).toBe(403);
    expect((await change(memberEditor('FR'), id, { access: 'members', reason: 'Because' })).body.code).toBe('secretariat_editor_required');
    expect((await t.call(undefined, 'PUT', `/publications/${id}/access`, { access: 'members', reason: 'Because' })).status).toBe(401);
    expect((await change(editor, randomUUID(), { access: 'members', reason: 'Because' })).body.code).toBe('publication_not_found');
    const same = await change(editor, id, { access: 'public', reason: 'Nothing changes' });
    expect([same.status, same.body.access]).toEqual([200, 'public']);
    expect(await t.count('publication_access_change')).toBe(before);
    expect((await t.call(editor, 'POST', `/publications/${id}/withdraw`, { reason: 'Duplicate record' })).status).toBe(200);
    expect((await change(editor, id, { access: 'members', reason: 'Because' })).body.code).toBe('publication_withdrawn');
    expect(await t.count('publication_access_change')).toBe(before);
    expect((await t.call(undefined, 'GET', `/publications/${id}`)).body.access).toBe('public');
  });
});
