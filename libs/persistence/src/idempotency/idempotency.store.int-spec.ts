import { createTestDatabase, TestDatabase, testInfra } from '@wco/testing';
import { DataSource } from 'typeorm';
import { prepareServiceDatabase } from '../data-source';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyKeyReusedError, IdempotencyRequestInProgressError, InvalidIdempotencyKeyError } from './idempotency.errors';
import { IdempotencyStore } from './idempotency.store';
import { CreateIdempotencyKey1732780800000 } from '../migrations/1732780800000-create-idempotency-key';
import { CreateShipment1732780900000, ShipmentEntity } from '../testing/shipment.fixture';

describe('IdempotencyStore (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: IdempotencyStore;
  const scope = 'POST /shipments FR';

  beforeAll(async () => {
    db = await createTestDatabase('idem');
    ds = await prepareServiceDatabase({
      serverUrl: testInfra().databaseUrl,
      database: db.name,
      entities: [ShipmentEntity, IdempotencyKeyEntity],
      migrations: [CreateIdempotencyKey1732780800000, CreateShipment1732780900000],
      log: { log: () => undefined },
    });
    store = new IdempotencyStore(ds, { staleAfterMs: 300 });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const createShipment = (reference: string) => (m: import('typeorm').EntityManager) =>
    m
      .getRepository(ShipmentEntity)
      .save({ reference })
      .then((s) => ({ status: 201, body: { id: s.id, reference } }));

  const shipmentCount = (reference: string) => ds.getRepository(ShipmentEntity).countBy({ reference });

  it('replays the stored response for a retry with the same key and body, creating nothing twice', async () => {
    const request = { reference: 'R-1', items: [{ hs: '1211', kg: 2 }] };
    const first = await store.execute(scope, 'key-1', request, createShipment('R-1'));
    // Same body with keys in another order: still the same request.
    const retry = await store.execute(scope, 'key-1', { items: [{ kg: 2, hs: '1211' }], reference: 'R-1' }, createShipment('R-1'));
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ status: 201, body: first.body, replayed: true });
    expect(await shipmentCount('R-1')).toBe(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    await store.execute(scope, 'key-2', { reference: 'R-2' }, createShipment('R-2'));
    const error = await store.execute(scope, 'key-2', { reference: 'R-2b' }, createShipment('R-2b')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await shipmentCount('R-2b')).toBe(0);
  });

  it('answers a concurrent duplicate with 409 while the first is running, then replays', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = store.execute(scope, 'key-3', { reference: 'R-3' }, async (m) => {
      await gate;
      return createShipment('R-3')(m);
    });
    await new Promise((r) => setTimeout(r, 50));
    const duplicate = await store.execute(scope, 'key-3', { reference: 'R-3' }, createShipment('R-3')).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(IdempotencyRequestInProgressError);
    expect(duplicate).toMatchObject({ status: 409, code: 'idempotency_request_in_progress', headers: { 'Retry-After': '1' } });
    release();
    const done = await first;
    expect((await store.execute(scope, 'key-3', { reference: 'R-3' }, createShipment('R-3'))).body).toEqual(done.body);
    expect(await shipmentCount('R-3')).toBe(1);
  });

  it('lets only one of many simultaneous first attempts do the work', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => store.execute(scope, 'key-race', { reference: 'R-race' }, createShipment('R-race'))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((r) => r.reason instanceof IdempotencyRequestInProgressError)).toBe(true);
    expect(await shipmentCount('R-race')).toBe(1);
  });

  it('rolls back and releases the key when the work fails, so the retry does the work', async () => {
    await expect(
      store.execute(scope, 'key-4', { reference: 'R-4' }, async (m) => {
        await createShipment('R-4')(m);
        throw new Error('downstream validation failed');
      }),
    ).rejects.toThrow('downstream validation failed');
    expect(await shipmentCount('R-4')).toBe(0);
    const retry = await store.execute(scope, 'key-4', { reference: 'R-4' }, createShipment('R-4'));
    expect(retry.replayed).toBe(false);
    expect(await shipmentCount('R-4')).toBe(1);
  });

  it('lets a retry take over a key whose request crashed (left in progress past the stale limit)', async () => {
    expect(await store.begin(scope, 'key-5', { reference: 'R-5' })).toEqual({ state: 'new' });
    await expect(store.begin(scope, 'key-5', { reference: 'R-5' })).rejects.toBeInstanceOf(IdempotencyRequestInProgressError);
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.begin(scope, 'key-5', { reference: 'R-5' })).toEqual({ state: 'new' });
  });

  it('keeps keys of different scopes apart and validates the key', async () => {
    await store.execute('POST /shipments KE', 'key-1', { reference: 'R-KE' }, createShipment('R-KE'));
    expect(await shipmentCount('R-KE')).toBe(1);
    await expect(store.begin(scope, '', {})).rejects.toBeInstanceOf(InvalidIdempotencyKeyError);
    await expect(store.begin(scope, 'has space', {})).rejects.toThrow('Idempotency-Key header must be printable ASCII without spaces');
  });
});
