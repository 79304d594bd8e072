import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';

/**
 * What happened to a mission, in the words a Member's notification uses. Added within v1 (additive): the
 * logistics steps (`logistics_<status>`: the status the mission's arrangements are at now, forward or back),
 * `funding_overdue` (budget-audit never answered the automatic re-requests), and the follow-up visits after an
 * evaluation (`follow_up_planned`, `follow_up_done`, `follow_up_cancelled`, with `followUpId`).
 */
export const MISSION_NEWS = [
  'planned',
  'funded',
  'funding_rejected',
  'scheduled',
  'delivered',
  'cancelled',
  'logistics_not_started',
  'logistics_travel_booked',
  'logistics_visas_obtained',
  'logistics_venue_confirmed',
  'logistics_ready',
  'funding_overdue',
  'follow_up_planned',
  'follow_up_done',
  'follow_up_cancelled',
] as const;
export type MissionNews = (typeof MISSION_NEWS)[number];

/**
 * News of a mission for the Member that requested it (the gateway delivers it as a notification to that Member
 * only). No personal data: no contact, no expert names.
 */
export class MissionNewsEvent {
  static readonly type = 'org.wcoomd.assistance.mission.news.v1';
  static readonly topic = Topics.AssistanceMission;

  @IsUUID()
  missionId: string;

  @IsUUID()
  requestId: string;

  /** The requesting Member, the only recipient. */
  @Matches(MEMBER_CODE_PATTERN, { message: 'member must be a Member code such as FR' })
  member: string;

  @IsIn(MISSION_NEWS)
  news: MissionNews;

  @IsString()
  @MaxLength(200)
  title: string;

  /** The mission's first day; for `follow_up_*` news the visit's planned date (as `endDate`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  startDate?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  endDate?: string;

  @IsISO8601({ strict: true })
  occurredAt: string;

  /**
   * Set on `follow_up_*` news: the visit. `missionId` is then the mission the visit follows up (the one it was
   * planned for, else the request's last delivered mission).
   */
  @IsOptional()
  @IsUUID()
  followUpId?: string;
}
