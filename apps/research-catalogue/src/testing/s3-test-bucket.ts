import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';

/**
 * The S3-compatible server of the tests: `S3_ENDPOINT` (+ `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`), which
 * `scripts/platform.sh` sets when it could start S3Proxy. Without it the S3 variants are skipped with the reason.
 */
export interface S3TestEndpoint {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function s3TestEndpoint(): S3TestEndpoint | undefined {
  const endpoint = process.env['S3_ENDPOINT'];
  if (!endpoint) {
    process.stdout.write('[research-catalogue] S3_ENDPOINT is not set: the S3 storage variant is skipped\n');
    return undefined;
  }
  const accessKeyId = process.env['S3_ACCESS_KEY_ID'];
  const secretAccessKey = process.env['S3_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) throw new Error('S3_ENDPOINT is set without S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  return { endpoint, accessKeyId, secretAccessKey };
}

/** A throw-away bucket on the test endpoint; `drop()` deletes its objects and the bucket. */
export class S3TestBucket {
  readonly client: S3Client;

  private constructor(
    readonly endpoint: S3TestEndpoint,
    readonly name: string,
  ) {
    this.client = new S3Client({
      endpoint: endpoint.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    });
  }

  static async create(endpoint: S3TestEndpoint, prefix: string): Promise<S3TestBucket> {
    const bucket = new S3TestBucket(endpoint, `${prefix}-${randomUUID().slice(0, 8)}`);
    await bucket.client.send(new CreateBucketCommand({ Bucket: bucket.name }));
    return bucket;
  }

  /** Every key in the bucket. */
  async keys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.name, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key as string));
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  }

  async drop(): Promise<void> {
    for (const key of await this.keys()) await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
    await this.client.send(new DeleteBucketCommand({ Bucket: this.name }));
    this.client.destroy();
  }
}
