import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { ChannelListener } from './channel-listener';
import { toNotificationView } from './dto/notification.dto';
import { TooManyStreamsError } from './notifications.errors';
import { NOTIFICATION_CHANNEL, NotificationsRepository } from './notifications.repository';

/** Rows read per query while a stream catches up. */
const PAGE = 500;
/** A client this far behind (bytes not yet taken by its socket) is dropped; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface StreamClient {
  member: string;
  res: ServerResponse;
  /** Highest sequence number sent to this client. */
  lastSeq: bigint;
  closeTimer?: NodeJS.Timeout;
}

interface MemberStreams {
  clients: Set<StreamClient>;
  pumping: boolean;
  again: boolean;
}

/**
 * The notification streams (SSE) this gateway instance holds. The database is the only source: every instance
 * LISTENs on NOTIFICATION_CHANNEL, and a NOTIFY naming a Member makes the instance read that Member's rows after
 * the lowest position its clients have seen (one query per Member, whatever the number of its clients) and write
 * each client what it has not had. A reconnecting client is replayed from its Last-Event-ID by the same path, so
 * replay and live cannot leave a gap or send twice. Heartbeats (SSE comments) keep idle streams open and also
 * poll, in case a NOTIFY was lost while the LISTEN connection was down.
 */
@Injectable()
export class NotificationStream implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationStream.name);
  private readonly members = new Map<string, MemberStreams>();
  private readonly listener: ChannelListener;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: GatewayConfig,
    private readonly notifications: NotificationsRepository,
  ) {
    this.listener = new ChannelListener(dataSource, NOTIFICATION_CHANNEL, (payload) => {
      for (const member of payload.split(',')) if (this.members.has(member)) void this.pump(member);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen().catch((err: Error) => this.logger.warn(`LISTEN failed, polling until it works: ${err.message}`));
    this.heartbeat = setInterval(() => this.tick(), this.config.GATEWAY_SSE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const streams of this.members.values()) for (const client of streams.clients) this.drop(client);
    await this.listener.stop();
  }

  /** Streams held for a Member on this instance. */
  count(member: string): number {
    return this.members.get(member)?.clients.size ?? 0;
  }

  /** Throws 429 when the Member holds its cap of streams here (checked before the response is taken over). */
  admit(member: string): void {
    if (this.count(member) >= this.config.GATEWAY_SSE_MAX_CONNECTIONS_PER_MEMBER) {
      throw new TooManyStreamsError(this.config.GATEWAY_SSE_MAX_CONNECTIONS_PER_MEMBER);
    }
  }

  /** Where a stream without Last-Event-ID starts: after the Member's last committed notification. */
  startPosition(member: string): Promise<bigint> {
    return this.notifications.lastSeq(member);
  }

  /**
   * Takes over `res` as an event stream for `member`, sending what comes after `from`. Synchronous up to the
   * registration, so the cap holds under concurrent opens. It ends at `endAt` (the token's expiry: the client
   * reconnects with a fresh token and its Last-Event-ID).
   */
  open(member: string, res: ServerResponse, from: bigint, endAt: number): void {
    this.admit(member);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write(`retry: 3000\n: stream of ${member}\n\n`);
    const client: StreamClient = { member, res, lastSeq: from };
    let streams = this.members.get(member);
    if (!streams) {
      streams = { clients: new Set(), pumping: false, again: false };
      this.members.set(member, streams);
    }
    streams.clients.add(client);
    res.on('close', () => this.drop(client));
    const ttl = Math.max(0, Math.min(endAt - Date.now(), 2 ** 31 - 1));
    client.closeTimer = setTimeout(() => this.drop(client), ttl);
    client.closeTimer.unref();
    void this.pump(member);
  }

  private drop(client: StreamClient): void {
    clearTimeout(client.closeTimer);
    const streams = this.members.get(client.member);
    if (streams?.clients.delete(client) && streams.clients.size === 0 && !streams.pumping) this.members.delete(client.member);
    if (!client.res.writableEnded) client.res.end();
  }

  /** Writes a Member's clients what they have not had yet; one run at a time per Member, re-run if woken meanwhile. */
  private async pump(member: string): Promise<void> {
    const streams = this.members.get(member);
    if (!streams) return;
    if (streams.pumping) {
      streams.again = true;
      return;
    }
    streams.pumping = true;
    try {
      do {
        streams.again = false;
        for (;;) {
          if (streams.clients.size === 0 || this.closing) break;
          let from = -1n;
          for (const c of streams.clients) if (from < 0n || c.lastSeq < from) from = c.lastSeq;
          const rows = await this.notifications.after(member, from, PAGE);
          for (const row of rows) {
            const seq = BigInt(row.seq);
            const frame = `id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(toNotificationView(row))}\n\n`;
            for (const client of streams.clients) {
              if (seq <= client.lastSeq) continue;
              client.lastSeq = seq;
              client.res.write(frame);
              if (client.res.writableLength > MAX_BUFFERED_BYTES) this.drop(client);
            }
          }
          if (rows.length < PAGE) break;
        }
      } while (streams.again);
    } catch (err) {
      // The next heartbeat or NOTIFY tries again; the clients' positions did not move past what they got.
      this.logger.warn(`notification stream of a Member could not read its notifications: ${(err as Error).message}`);
    } finally {
      streams.pumping = false;
      if (streams.clients.size === 0) this.members.delete(member);
    }
  }

  private tick(): void {
    for (const [member, streams] of this.members) {
      for (const client of streams.clients) client.res.write(': heartbeat\n\n');
      void this.pump(member);
    }
    if (!this.listener.listening && !this.closing) void this.listen().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    // Whatever was committed while nobody listened.
    if (await this.listener.ensure()) for (const member of this.members.keys()) void this.pump(member);
  }
}
