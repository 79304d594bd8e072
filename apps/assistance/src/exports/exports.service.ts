import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { NotFoundError } from '@wco/http';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isCoordinator, isRequesterOf } from '../access/assistance.access';
import { ExpertsRepository } from '../experts/experts.repository';
import { ExpertsService } from '../experts/experts.service';
import { MissionsRepository } from '../missions/missions.repository';
import type { MissionRow } from '../missions/missions.repository';
import { RequestsRepository } from '../requests/requests.repository';
import { buildIatiActivities, IATI_MISSION_STATES, IATI_REQUEST_STATES } from './iati-activity.builder';
import type { IatiIndicator } from './iati-activity.builder';

/** A feed token: 32 random bytes, base64url. Only its SHA-256 is stored, so a database leak does not leak feeds. */
export const CALENDAR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** IATI needs at least one activity per document: with none visible, there is no document (the same for everyone). */
export class NoActivitiesError extends NotFoundError {
  constructor() {
    super('no activity (a request from its approval on, a mission from its planning on) visible to you to export', {
      code: 'no_activities',
    });
  }
}

export class CalendarFeedNotFoundError extends NotFoundError {
  constructor() {
    super('no such calendar feed (it may have been revoked)', { code: 'calendar_feed_not_found' });
  }
}

@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly missions: MissionsRepository,
    private readonly requests: RequestsRepository,
    private readonly experts: ExpertsRepository,
    private readonly expertsService: ExpertsService,
  ) {}

  /**
   * IATI activities the caller may see: every one for a coordinator, its own Member's for a member-analyst, none
   * for anyone else. Requests from their approval on (parents), missions from their planning on, cancelled ones
   * aside (children). With none, 404 no_activities, whatever the reason.
   */
  async iati(caller: Principal): Promise<string> {
    const member = isCoordinator(caller) ? null : isRequesterOf(caller, caller.member) ? caller.member : undefined;
    if (member === undefined) throw new NoActivitiesError();
    const requests = await this.requests.iatiActivities(member, IATI_REQUEST_STATES);
    const missions = await this.missions.list(member === null ? { all: true } : { member }, { states: IATI_MISSION_STATES });
    if (requests.length === 0 && missions.length === 0) throw new NoActivitiesError();
    const exported = new Set(requests.map((r) => r.id));
    const missionsOf = groupBy(await this.missions.ofRequests([...exported]), (m) => m.request_id);
    const indicators = await this.indicatorsOf([...exported]);
    const states = await this.requestStates(missions);
    return buildIatiActivities(
      requests.map((r) => ({
        request: r,
        liveMissions: (missionsOf.get(r.id) ?? []).filter((m) => m.state !== 'cancelled'),
        childMissionIds: missions.filter((m) => m.request_id === r.id).map((m) => m.id),
        indicators: indicators.get(r.id) ?? [],
      })),
      missions.map((m) => ({
        mission: m,
        requestState: states.get(m.request_id) ?? 'delivered',
        ...(exported.has(m.request_id) ? { parentRequestId: m.request_id } : {}),
      })),
      new Date(),
    );
  }

  /** A new secret feed URL for the calling expert; it replaces (revokes) the previous one. */
  async issueCalendarToken(caller: Principal): Promise<string> {
    const expert = await this.expertsService.me(caller);
    const token = randomBytes(32).toString('base64url');
    await this.experts.setCalendarTokenHash(expert.id, hashToken(token));
    return token;
  }

  async revokeCalendarToken(caller: Principal): Promise<void> {
    const expert = await this.expertsService.me(caller);
    await this.experts.setCalendarTokenHash(expert.id, null);
  }

  /** The expert's missions (cancelled ones as CANCELLED events, so calendars remove them) as RFC 5545. */
  async calendar(token: string): Promise<string> {
    if (!CALENDAR_TOKEN_PATTERN.test(token)) throw new CalendarFeedNotFoundError();
    const expert = await this.experts.findByCalendarTokenHash(hashToken(token));
    if (!expert) throw new CalendarFeedNotFoundError();
    const missions = await this.missions.list({ expertSubject: expert.subject });
    const calendar = ical({
      name: 'WCO assistance missions',
      prodId: { company: 'World Customs Organization', product: 'assistance', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
    });
    for (const m of missions) {
      calendar.createEvent({
        id: `${m.id}@assistance.wcoomd.org`,
        start: new Date(`${m.start_date}T00:00:00Z`),
        // All-day events end on the day after the last one (RFC 5545 DTEND is exclusive).
        end: new Date(new Date(`${m.end_date}T00:00:00Z`).getTime() + 86_400_000),
        allDay: true,
        summary: m.title,
        location: m.location,
        description: `${m.kind.replaceAll('_', ' ')} for ${m.member} (${m.language})`,
        status: m.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        lastModified: m.updated_at,
        stamp: m.updated_at,
        sequence: m.version,
      });
    }
    return calendar.toString();
  }

  private async indicatorsOf(ids: string[]): Promise<Map<string, IatiIndicator[]>> {
    const found: { request_id: string; indicators: IatiIndicator[] }[] = await this.dataSource.query(
      `SELECT request_id, indicators FROM evaluation WHERE request_id = ANY($1)`,
      [ids],
    );
    return new Map(found.map((f) => [f.request_id, f.indicators]));
  }

  private async requestStates(rows: MissionRow[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((m) => m.request_id))];
    if (ids.length === 0) return new Map();
    const states: { id: string; state: string }[] = await this.dataSource.query(
      `SELECT id, state FROM assistance_request WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(states.map((s) => [s.id, s.state]));
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
