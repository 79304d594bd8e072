import type { Notification, Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * LISTEN on one PostgreSQL channel over a pooled connection of its own. A lost connection is released and
 * forgotten; `ensure()` (called by the owner's timer) listens again, and the owner polls meanwhile, since a
 * NOTIFY sent while nobody listened is gone.
 */
export class ChannelListener {
  private client?: PoolClient;
  private release?: (destroy: boolean) => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly onNotify: (payload: string) => void,
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Listens if not already; resolves true when it (re)connected now. */
  async ensure(): Promise<boolean> {
    if (this.client) return false;
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    // pg may emit 'error' more than once for one lost connection; releasing twice would throw inside the emitter.
    let released = false;
    const release = (destroy: boolean): void => {
      if (released) return;
      released = true;
      client.release(destroy);
    };
    client.on('notification', (message: Notification) => this.onNotify(message.payload ?? ''));
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
      release(true);
    });
    try {
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      release(true);
      throw err;
    }
    this.client = client;
    this.release = release;
    return true;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.query(`UNLISTEN ${this.channel}`).catch(() => undefined);
    this.release?.(false);
  }
}
