import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Topics } from '../../topics/topic-registry';

/** Access levels of a research publication (research-catalogue's spelling). */
export const PUBLICATION_ACCESS_LEVELS = ['public', 'members', 'restricted'] as const;

/**
 * What changed in a research publication, for the gateway's notification delivery (its only consumer besides
 * analytics): it tells subscribers of the publication's topics that a version is out. It carries identifiers,
 * topics and the access rule, so the gateway can decide who may be told without calling the catalogue back, and
 * never the metadata of a non-public record (title only when `access` is `public`): a Member that may not see a
 * restricted study must not learn its title from the stream. The gateway notifies a subscriber only if
 * `access` is `public`, or `members` and the subscriber is authenticated, or `restricted` and the subscriber's
 * Member is in `restrictedMembers`.
 */
export abstract class PublicationChangePayload {
  @IsUUID()
  publicationId: string;

  /** Id of the version concerned (each version is citable with its own id). */
  @IsUUID()
  versionId: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsString()
  @MinLength(1)
  @MaxLength(32)
  publicationType: string;

  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  topics: string[];

  @IsIn(PUBLICATION_ACCESS_LEVELS)
  access: (typeof PUBLICATION_ACCESS_LEVELS)[number];

  /** Member codes that may see a restricted publication; empty otherwise. */
  @IsArray()
  @Matches(/^[A-Z]{2}$/, { each: true })
  restrictedMembers: string[];

  /** Original-language title, only for public publications. */
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  title?: string;

  @IsISO8601({ strict: true })
  occurredAt: string;
}

/** A new publication is out (at creation, unless under embargo: then `embargo_lifted` is its release). */
export class PublicationReleasedEvent extends PublicationChangePayload {
  static readonly type = 'org.wcoomd.research.publication.released.v1';
  static readonly topic = Topics.ResearchPublication;
}

/** A new version supersedes the previous one (which stays readable with its own id). */
export class PublicationRevisedEvent extends PublicationChangePayload {
  static readonly type = 'org.wcoomd.research.publication.revised.v1';
  static readonly topic = Topics.ResearchPublication;

  @IsInt()
  @Min(1)
  supersedes: number;
}

/** The publication was withdrawn; a tombstone with the reason remains. */
export class PublicationWithdrawnEvent extends PublicationChangePayload {
  static readonly type = 'org.wcoomd.research.publication.withdrawn.v1';
  static readonly topic = Topics.ResearchPublication;
}

/** The embargo job lifted the publication's embargo: it is now visible under its access level. */
export class PublicationEmbargoLiftedEvent extends PublicationChangePayload {
  static readonly type = 'org.wcoomd.research.publication.embargolifted.v1';
  static readonly topic = Topics.ResearchPublication;
}

/**
 * An editor changed who may see the publication (access level, named Members, embargo). The fields of the payload
 * describe the rule now in force (`title` only when the publication is now public and out of embargo); the
 * previous rule comes beside it. The editor's reason stays in the catalogue (it may mention the content). Consumers
 * that cache who may see a publication replace the rule; a record that stops being public is reported deleted by
 * OAI-PMH.
 */
export class PublicationAccessChangedEvent extends PublicationChangePayload {
  static readonly type = 'org.wcoomd.research.publication.accesschanged.v1';
  static readonly topic = Topics.ResearchPublication;

  /** Under embargo now (visible to the catalogue's editors only). */
  @IsBoolean()
  embargoed: boolean;

  @IsIn(PUBLICATION_ACCESS_LEVELS)
  previousAccess: (typeof PUBLICATION_ACCESS_LEVELS)[number];

  @IsArray()
  @Matches(/^[A-Z]{2}$/, { each: true })
  previousRestrictedMembers: string[];

  @IsBoolean()
  previouslyEmbargoed: boolean;
}

/**
 * One per subscriber to notify of a release, revision or lifted embargo, emitted only for subscribers whose
 * Member may see the publication (the catalogue applies its access rules before writing it). Consumed by the
 * gateway's delivery. `subscriber` is the user's `sub` (a pseudonymous id from the identity provider, no name or
 * address).
 */
export class PublicationNotificationEvent {
  static readonly type = 'org.wcoomd.research.publication.notified.v1';
  static readonly topic = Topics.ResearchPublication;

  @IsUUID()
  publicationId: string;

  @IsUUID()
  versionId: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsIn(['released', 'revised', 'embargo_lifted'])
  change: 'released' | 'revised' | 'embargo_lifted';

  @IsString()
  @MinLength(1)
  @MaxLength(255)
  subscriber: string;

  @Matches(/^([A-Z]{2}|WCO)$/)
  subscriberMember: string;

  /** The subscribed topics the publication carries (empty when the subscriber follows its series or a language only). */
  @IsArray()
  @IsString({ each: true })
  matchedTopics: string[];

  /**
   * Whether the subscriber follows the publication's series. The series name itself is not on the stream (it is
   * metadata, and the publication may not be public). Absent in events written before series subscriptions.
   */
  @IsOptional()
  @IsBoolean()
  matchedSeries?: boolean;

  /** The subscribed languages the publication is written in (titles and abstracts). Absent in older events. */
  @IsOptional()
  @IsArray()
  @Matches(/^(en|fr|es|ar|ru)$/, { each: true })
  matchedLanguages?: string[];

  @IsISO8601({ strict: true })
  occurredAt: string;
}
