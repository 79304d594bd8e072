import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ConfigError, loadConfig } from '@wco/config';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { fileOf, publicationBody } from '../testing/publication-fixtures';
import { editor, ResearchCatalogueTestApp, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import { S3TestBucket, s3TestEndpoint } from '../testing/s3-test-bucket';

jest.setTimeout(90_000);

describe('research-catalogue: FILE_STORAGE configuration', () => {
  const dev = { AUTH_DEV_ISSUER: 'true' };

  it('stores files on local disk unless told otherwise', () => {
    expect(loadConfig(ResearchCatalogueConfig, dev).FILE_STORAGE).toBe('local');
  });

  it('refuses an unknown storage, an S3 storage without a bucket, a bad endpoint and half a key pair, naming each variable', () => {
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, FILE_STORAGE: 'ftp' })).toThrow('FILE_STORAGE must be one of local, s3');
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, FILE_STORAGE: 's3' })).toThrow(/S3_BUCKET is required/);
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, FILE_STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, FILE_STORAGE: 's3', S3_BUCKET: 'files', S3_ENDPOINT: 'ftp://x' })).toThrow(
      /S3_ENDPOINT/,
    );
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, S3_ACCESS_KEY_ID: 'id' })).toThrow(/S3_SECRET_ACCESS_KEY is required/);
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(
      /S3_FORCE_PATH_STYLE must be true or false/,
    );
    expect(() => loadConfig(ResearchCatalogueConfig, { ...dev, S3_PREFIX: 'no-slash' })).toThrow(ConfigError);
    const ok = loadConfig(ResearchCatalogueConfig, {
      ...dev,
      FILE_STORAGE: 's3',
      S3_BUCKET: 'research-files',
      S3_ENDPOINT: 'http://127.0.0.1:9555',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'catalogue/',
    });
    expect(ok).toMatchObject({ FILE_STORAGE: 's3', S3_BUCKET: 'research-files', S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
  });
});

const s3 = s3TestEndpoint();

(s3 ? describe : describe.skip)('research-catalogue with FILE_STORAGE=s3 (S3_ENDPOINT)', () => {
  let bucket: S3TestBucket;
  let t: ResearchCatalogueTestApp;

  beforeAll(async () => {
    bucket = await S3TestBucket.create(s3!, 'rc-app');
    t = await startResearchCatalogueApp('research_catalogue_s3', {
      env: {
        FILE_STORAGE: 's3',
        S3_BUCKET: bucket.name,
        S3_ENDPOINT: s3!.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_PREFIX: 'catalogue/',
        S3_ACCESS_KEY_ID: s3!.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3!.secretAccessKey,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await bucket?.drop();
  });

  it('keeps the uploaded file in the bucket under its SHA-256 and streams it back on download', async () => {
    const file = fileOf('scan.pdf', '%PDF-1.7 environmental scan 2026');
    const created = await t.call(editor, 'POST', '/publications', publicationBody({ files: [file] }));
    expect(created.status).toBe(201);
    expect(await bucket.keys()).toEqual([`catalogue/${file.sha256.slice(0, 2)}/${file.sha256}`]);
    const object = await bucket.client.send(
      new GetObjectCommand({ Bucket: bucket.name, Key: `catalogue/${file.sha256.slice(0, 2)}/${file.sha256}` }),
    );
    expect(await object.Body!.transformToString()).toBe('%PDF-1.7 environmental scan 2026');

    const download = await t.app.inject({ method: 'GET', url: `/publications/${created.body.id}/versions/1/files/scan.pdf` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-length']).toBe('32');
    expect(download.headers['etag']).toBe(`"${file.sha256}"`);
    expect(download.rawPayload.toString()).toBe('%PDF-1.7 environmental scan 2026');
  });

  it('writes nothing to the bucket for a file whose SHA-256 does not match', async () => {
    const before = await bucket.keys();
    const bad = { ...fileOf('bad.pdf', 'the content'), sha256: 'a'.repeat(64) };
    const refused = await t.call(editor, 'POST', '/publications', publicationBody({ files: [bad] }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'files.0.sha256' })]);
    expect(await bucket.keys()).toEqual(before);
  });
});
