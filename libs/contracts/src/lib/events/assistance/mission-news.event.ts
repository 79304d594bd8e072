import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';

/** What happened to a mission, in the words a Member's notification uses. */
export const MISSION_NEWS = ['planned', 'funded', 'funding_rejected', 'scheduled', 'delivered', 'cancelled'] as const;
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

  @IsOptional()
  @IsISO8601({ strict: true })
  startDate?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  endDate?: string;

  @IsISO8601({ strict: true })
  occurredAt: string;
}
