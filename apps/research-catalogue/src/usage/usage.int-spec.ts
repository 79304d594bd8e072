import { fileOf, publicationBody, titled } from '../testing/publication-fixtures';
import { editor, officer, ResearchCatalogueTestApp, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import { UsageService } from './usage.service';

jest.setTimeout(60_000);

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

describe('research-catalogue: usage statistics (COUNTER rules, no personal data)', () => {
  let t: ResearchCatalogueTestApp;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_usage');
  });
  afterAll(async () => {
    await t?.close();
  });

  const read = (url: string, userAgent: string | undefined, remoteAddress = '203.0.113.7') =>
    // light-my-request sends its own user agent unless told otherwise: '' stands for none.
    t.app.inject({ method: 'GET', url, remoteAddress, headers: { 'user-agent': userAgent ?? '' } });

  it('counts views and downloads per version and month, leaving out double clicks within 30 s and robots', async () => {
    const created = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({ ...titled('Usage study'), files: [fileOf('u.pdf', 'usage')] }),
    );
    const id = created.body.id as string;
    await t.call(editor, 'POST', `/publications/${id}/versions`, {
      ...publicationBody(titled('Usage study v2')),
      type: undefined,
      access: undefined,
    });

    expect((await read(`/publications/${id}/versions/1`, BROWSER)).statusCode).toBe(200);
    expect((await read(`/publications/${id}/versions/1`, BROWSER)).statusCode).toBe(200); // double click
    await read(`/publications/${id}/versions/1`, BROWSER, '198.51.100.9'); // another client
    await read(`/publications/${id}/versions/1`, 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    await read(`/publications/${id}/versions/1`, undefined);
    await read(`/publications/${id}/versions/2`, BROWSER);
    expect((await read(`/publications/${id}/versions/1/files/u.pdf`, BROWSER)).statusCode).toBe(200);

    const month = new Date().toISOString().slice(0, 7);
    const usage = await t.call(undefined, 'GET', `/publications/${id}/usage`);
    expect(usage.body).toEqual({
      versions: [
        { version: 1, months: [{ month, views: 2, downloads: 1 }] },
        { version: 2, months: [{ month, views: 1, downloads: 0 }] },
      ],
    });

    const service = t.app.get(UsageService);
    const versionId = created.body.current.id as string;
    const client = { address: '192.0.2.1', userAgent: BROWSER };
    const at = new Date();
    expect(await service.record(versionId, 'view', client, at)).toBe(true);
    expect(await service.record(versionId, 'view', client, new Date(at.getTime() + 29_000))).toBe(false);
    expect(await service.record(versionId, 'view', client, new Date(at.getTime() + 31_000))).toBe(true);
  });

  it('stores no address or user agent, and forgets the click keys and salts of past days', async () => {
    const stored =
      JSON.stringify(await t.dataSource.query(`SELECT * FROM usage_click`)) +
      JSON.stringify(await t.dataSource.query(`SELECT * FROM usage_count`));
    expect(stored).not.toContain('203.0.113.7');
    expect(stored).not.toContain('Chrome');
    await t.app.get(UsageService).purge(new Date(Date.now() + 2 * 86_400_000));
    expect(await t.count('usage_click')).toBe(0);
    expect(await t.count('usage_salt')).toBe(0);
    expect(await t.count('usage_count')).toBeGreaterThan(0);
  });

  it('answers the usage of a publication the caller may not see as a random id', async () => {
    const hidden = await t.call(editor, 'POST', '/publications', publicationBody({ ...titled('Members usage'), access: 'members' }));
    const res = await t.call(undefined, 'GET', `/publications/${hidden.body.id}/usage`);
    expect([res.status, res.body.code]).toEqual([404, 'publication_not_found']);
    expect((await t.call(officer('FR'), 'GET', `/publications/${hidden.body.id}/usage`)).body).toEqual({ versions: [] });
  });
});
