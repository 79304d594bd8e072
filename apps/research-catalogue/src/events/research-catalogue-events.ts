import { Injectable } from '@nestjs/common';
import {
  PublicationAccessChangedEvent,
  PublicationChangePayload,
  PublicationEmbargoLiftedEvent,
  PublicationNotificationEvent,
  PublicationReleasedEvent,
  PublicationRevisedEvent,
  PublicationWithdrawnEvent,
} from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { AccessLevel } from '../publications/domain/vocabulary';
import { ResearchCatalogueTopics } from './research-catalogue-topics';

// Maps the service's rows onto the event contracts of @wco/contracts and writes the events into the outbox of the
// caller's transaction, so a state change and its event commit together. Nothing else in the service touches the
// outbox.

export const SERVICE_SOURCE = '/research-catalogue';

export interface PublicationFacts {
  publicationId: string;
  versionId: string;
  version: number;
  type: string;
  topics: readonly string[];
  access: AccessLevel;
  restrictedMembers: readonly string[];
  originalTitle: string;
}

export type ChangeKind = 'released' | 'revised' | 'withdrawn' | 'embargo_lifted';

const CONTRACT = {
  released: PublicationReleasedEvent,
  revised: PublicationRevisedEvent,
  withdrawn: PublicationWithdrawnEvent,
  embargo_lifted: PublicationEmbargoLiftedEvent,
} as const;

export interface Subscriber {
  subject: string;
  member: string;
  matchedTopics: string[];
  /** Follows the publication's series (its name stays off the stream). */
  matchedSeries: boolean;
  matchedLanguages: string[];
}

/** The common part of the change events; the title only when `withTitle` (a public record: see the contract). */
function changePayload(facts: PublicationFacts, withTitle: boolean, at: Date): PublicationChangePayload {
  return {
    publicationId: facts.publicationId,
    versionId: facts.versionId,
    version: facts.version,
    publicationType: facts.type,
    topics: [...facts.topics],
    access: facts.access,
    restrictedMembers: [...facts.restrictedMembers],
    ...(withTitle ? { title: facts.originalTitle } : {}),
    occurredAt: at.toISOString(),
  };
}

@Injectable()
export class ResearchCatalogueEvents {
  constructor(
    private readonly topics: ResearchCatalogueTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  async publicationChanged(em: EntityManager, change: ChangeKind, facts: PublicationFacts, at: Date, supersedes?: number): Promise<void> {
    await this.outbox.add(em, this.changeEvent(change, facts, at, supersedes));
  }

  /** The change event, to write with others in one statement (`addAll`). */
  changeEvent(change: ChangeKind, facts: PublicationFacts, at: Date, supersedes?: number): OutboxEvent {
    const contract = CONTRACT[change];
    const data: PublicationChangePayload & { supersedes?: number } = {
      ...changePayload(facts, facts.access === 'public', at),
      ...(change === 'revised' ? { supersedes } : {}),
    };
    return { type: contract.type, topic: this.topics.of(contract.topic), subject: facts.publicationId, data };
  }

  /** Events built by `changeEvent` and `notificationEvent`, in order, in one statement. */
  async addAll(em: EntityManager, events: OutboxEvent[]): Promise<void> {
    await this.outbox.addMany(em, events);
  }

  /** The access rule changed: the rule in force in the payload (title only if now public and out of embargo), the previous one beside it. */
  async accessChanged(
    em: EntityManager,
    facts: PublicationFacts & { embargoed: boolean },
    previous: { access: AccessLevel; restrictedMembers: readonly string[]; embargoed: boolean },
    at: Date,
  ): Promise<void> {
    const data: PublicationAccessChangedEvent = {
      ...changePayload(facts, facts.access === 'public' && !facts.embargoed, at),
      embargoed: facts.embargoed,
      previousAccess: previous.access,
      previousRestrictedMembers: [...previous.restrictedMembers],
      previouslyEmbargoed: previous.embargoed,
    };
    await this.outbox.add(em, {
      type: PublicationAccessChangedEvent.type,
      topic: this.topics.of(PublicationAccessChangedEvent.topic),
      subject: facts.publicationId,
      data,
    });
  }

  async subscriberNotified(
    em: EntityManager,
    change: Exclude<ChangeKind, 'withdrawn'>,
    facts: PublicationFacts,
    subscriber: Subscriber,
    at: Date,
  ): Promise<void> {
    await this.outbox.add(em, this.notificationEvent(change, facts, subscriber, at));
  }

  notificationEvent(change: Exclude<ChangeKind, 'withdrawn'>, facts: PublicationFacts, subscriber: Subscriber, at: Date): OutboxEvent {
    const data: PublicationNotificationEvent = {
      publicationId: facts.publicationId,
      versionId: facts.versionId,
      version: facts.version,
      change,
      subscriber: subscriber.subject,
      subscriberMember: subscriber.member,
      matchedTopics: subscriber.matchedTopics,
      matchedSeries: subscriber.matchedSeries,
      matchedLanguages: subscriber.matchedLanguages,
      occurredAt: at.toISOString(),
    };
    return {
      type: PublicationNotificationEvent.type,
      topic: this.topics.of(PublicationNotificationEvent.topic),
      subject: facts.publicationId,
      data,
    };
  }
}
