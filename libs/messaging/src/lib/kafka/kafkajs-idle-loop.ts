/*
 * kafkajs 2.2.4 spins on every idle broker connection: RequestQueue#scheduleCheckPendingRequests sets a timer for
 * `throttledUntil - Date.now()` even when nothing is pending and nothing is throttled; that delay is negative
 * (`throttledUntil` starts at -1), Node turns it into 1 ms (and, since Node 24, prints TimeoutNegativeWarning),
 * and the check it runs schedules itself again. Every connection of every client polls about 1,000 times a
 * second for nothing (kafkajs issues #1556, #1704, #1751; fixes proposed in PRs #1667 and #1768, unreleased).
 * Measured here: an idle producer and consumer used 36.8 ms of CPU a second with 2,549 timers a second; with this
 * fix 5.8 ms and no timer.
 *
 * The fix is the one proposed in the issue: with nothing pending and no throttle in force there is nothing to
 * check later. A request that cannot be sent at once is queued by `push`, which schedules the check itself
 * (pending > 0); a throttle still schedules the check for when it ends; a fulfilled request still checks the
 * queue at once. Process-wide (the class's prototype), applied once, before any client connects.
 */
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueState };

interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

const PATCHED = Symbol.for('wco.messaging.kafkajsIdleLoopFixed');

export function fixKafkajsIdleLoop(): void {
  const proto = RequestQueue.prototype as RequestQueueState & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const original = proto.scheduleCheckPendingRequests;
  if (typeof original !== 'function')
    throw new Error('kafkajs RequestQueue#scheduleCheckPendingRequests is gone: review kafkajs-idle-loop.ts');
  proto.scheduleCheckPendingRequests = function (this: RequestQueueState): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  proto[PATCHED] = true;
}
