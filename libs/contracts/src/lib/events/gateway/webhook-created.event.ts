import { IsInt, IsISO8601, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';

/** A webhook was created in gateway; carries what a consumer needs without calling the service back. */
export class WebhookCreatedEvent {
  static readonly type = 'org.wcoomd.gateway.webhook.created.v1';
  static readonly topic = Topics.GatewayWebhook;

  @IsUUID()
  webhookId: string;

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
