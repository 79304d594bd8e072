/*
 * Bench-only entry: the real intel-exchange main.ts with the outbox write left out. Every other step of a request
 * (validation, report rows, indicators, correlation, matches, receipts, the relay idling on an empty outbox) is
 * unchanged, so comparing it with the real service isolates what the transactional outbox costs.
 *
 * The writer is replaced on its prototype rather than through Nest's overrideProvider because the service builds
 * its OutboxWriter itself (IntelEvents), so there is no provider to override; patching the class before main.ts is
 * loaded covers every instance whatever the wiring.
 */
import { randomUUID } from 'node:crypto';
import { OutboxWriter } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';

OutboxWriter.prototype.addMany = async function addManyLeftOut(_manager: unknown, events: OutboxEvent[]): Promise<string[]> {
  return events.map((e) => e.id ?? randomUUID());
};

// Loaded after the patch on purpose: a static import would be hoisted above it.
void import('../../apps/intel-exchange/src/main');
