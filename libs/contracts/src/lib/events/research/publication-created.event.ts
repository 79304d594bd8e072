import { IsInt, IsISO8601, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';

/** A publication was created in research-catalogue; carries what a consumer needs without calling the service back. */
export class PublicationCreatedEvent {
  static readonly type = 'org.wcoomd.research.publication.created.v1';
  static readonly topic = Topics.ResearchPublication;

  @IsUUID()
  publicationId: string;

  @IsInt()
  @Min(1)
  version: number;

  @Matches(MEMBER_CODE_PATTERN, { message: 'ownerMember must be a Member code such as FR, or WCO' })
  ownerMember: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @IsISO8601({ strict: true })
  createdAt: string;
}
