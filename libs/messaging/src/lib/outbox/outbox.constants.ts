/** NOTIFY channel the outbox trigger signals on commit. */
export const OUTBOX_CHANNEL = 'wco_outbox';
/** Number of outbox shards (hash(key) & (OUTBOX_SHARDS - 1)); changing it requires an empty outbox. */
export const OUTBOX_SHARDS = 16;
/** Advisory-lock namespaces (first int of the two-int form), so our locks never collide with others'. */
export const KEY_LOCK_NAMESPACE = 0x57434f31;
export const SHARD_LOCK_NAMESPACE = 0x57434f32;
/** Lock between writers (shared, in the outbox trigger) and a relay registering as waiting (exclusive). */
export const WAKE_LOCK_NAMESPACE = 0x57434f33;
/** Key in a TypeORM QueryRunner's `data`: its transaction wrote outbox rows, so its commit wakes this process's relay. */
export const OUTBOX_WRITTEN = 'wcoOutboxWritten';
