import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FeedbackEntity } from './feedback.entity';

/** The SQL of feedback (sightings) on reports and matches. */
@Injectable()
export class FeedbackRepository {
  async insert(em: EntityManager, feedback: FeedbackEntity): Promise<void> {
    await em.insert(FeedbackEntity, feedback);
  }
}
