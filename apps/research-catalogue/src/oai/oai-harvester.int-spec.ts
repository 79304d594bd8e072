/* The whole catalogue harvested over HTTP by an OAI-PMH client the project did not write: HTTP::OAI's Harvester (the
 * OAI-PERL library, Debian package libhttp-oai-perl, installed by scripts/platform.sh), driven by
 * src/testing/oai-harvest.pl, which only prints what the library hands it. The library follows the resumption
 * tokens itself; the test checks that it saw every harvestable record once, the withdrawn ones as deleted, and
 * nothing that is not public. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publicationBody, titled } from '../testing/publication-fixtures';
import { editor, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import type { ResearchCatalogueTestApp } from '../testing/research-catalogue-test-app';

jest.setTimeout(120_000);

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', 'testing', 'oai-harvest.pl');

interface Harvest {
  requests: string[];
  identify: string[];
  records: { identifier: string; datestamp: string; status: string; sets: string[]; title: string }[];
}

describe('research-catalogue: OAI-PMH harvest by HTTP::OAI (a client the project did not write)', () => {
  let t: ResearchCatalogueTestApp;
  let base: string;
  const live: Record<string, string> = {};
  const withdrawn: string[] = [];
  const hidden: string[] = [];

  const harvest = async (prefix: string, set?: string): Promise<Harvest> => {
    const { stdout } = await run('perl', [SCRIPT, base, prefix, ...(set ? [set] : [])], { maxBuffer: 64 * 1024 * 1024 });
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    return {
      requests: lines.filter((l) => l[0] === 'request').map((l) => l[1]),
      identify: lines.find((l) => l[0] === 'identify')?.slice(1) ?? [],
      records: lines
        .filter((l) => l[0] === 'record')
        .map(([, identifier, datestamp, status, sets, title]) => ({
          identifier,
          datestamp,
          status,
          sets: sets ? sets.split(',') : [],
          title,
        })),
    };
  };
  const oaiId = (id: string) => `oai:research.test:${id}`;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_oai_harvester', { env: { OAI_PAGE_SIZE: '7' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `${await t.app.getUrl()}/oai`.replace('[::1]', '127.0.0.1');
    for (let n = 0; n < 40; n++) {
      const topic = n % 2 ? 'revenue_collection' : 'trade_facilitation';
      const title = n === 0 ? 'Étude des recettes douanières — دراسة' : `Harvested study ${n}`;
      const res = await t.call(
        editor,
        'POST',
        '/publications',
        publicationBody({ ...titled(title, n === 0 ? 'fr' : 'en'), topics: [topic] }),
      );
      expect(res.status).toBe(201);
      live[res.body.id] = title;
    }
    for (const extra of [{ access: 'members' }, { access: 'restricted', restrictedMembers: ['FR'] }, { embargoUntil: '2999-01-01' }]) {
      const res = await t.call(editor, 'POST', '/publications', publicationBody({ ...titled('Not for harvesters'), ...extra }));
      expect(res.status).toBe(201);
      hidden.push(res.body.id);
    }
    for (const id of Object.keys(live).slice(0, 3)) {
      expect((await t.call(editor, 'POST', `/publications/${id}/withdraw`, { reason: 'Superseded' })).status).toBe(200);
      withdrawn.push(id);
      delete live[id];
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('harvests every public record once through resumption tokens (oai_dc), the withdrawn ones as deleted', async () => {
    const h = await harvest('oai_dc');
    expect(h.identify).toEqual(['WCO Research Catalogue', '2.0', 'persistent', 'YYYY-MM-DDThh:mm:ssZ']);
    // 40 records at 7 a page: the library asked for six more pages with the tokens it was given.
    const listRequests = h.requests.filter((r) => r.includes('ListRecords'));
    expect(listRequests).toHaveLength(6);
    expect(listRequests.slice(1).every((r) => /[?&]resumptionToken=/.test(r) && !/metadataPrefix/.test(r))).toBe(true);

    const ids = h.records.map((r) => r.identifier);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      h.records
        .filter((r) => r.status === 'live')
        .map((r) => r.identifier)
        .sort(),
    ).toEqual(Object.keys(live).map(oaiId).sort());
    expect(
      h.records
        .filter((r) => r.status === 'deleted')
        .map((r) => r.identifier)
        .sort(),
    ).toEqual(withdrawn.map(oaiId).sort());
    for (const id of hidden) expect(ids).not.toContain(oaiId(id));
    // What the library parsed out of the metadata is the catalogue's, Unicode included.
    for (const r of h.records.filter((x) => x.status === 'live')) expect(r.title).toBe(live[r.identifier.split(':').pop() as string]);
    for (const r of h.records) expect(r.datestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('harvests the DataCite format and a topic set the same way', async () => {
    const datacite = await harvest('datacite');
    expect(datacite.records.filter((r) => r.status === 'live')).toHaveLength(Object.keys(live).length);
    for (const r of datacite.records.filter((x) => x.status === 'live'))
      expect(r.title).toBe(live[r.identifier.split(':').pop() as string]);

    const revenue = await harvest('oai_dc', 'topic:revenue_collection');
    const expected = Object.keys(live).filter(
      (id) => live[id] !== 'Étude des recettes douanières — دراسة' && Number(live[id].split(' ').pop()) % 2 === 1,
    );
    expect(
      revenue.records
        .filter((r) => r.status === 'live')
        .map((r) => r.identifier)
        .sort(),
    ).toEqual(expected.map(oaiId).sort());
    for (const r of revenue.records.filter((x) => x.status === 'live')) expect(r.sets).toContain('topic:revenue_collection');
  });
});
