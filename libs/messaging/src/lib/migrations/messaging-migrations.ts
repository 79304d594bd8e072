import { CreateMessagingTables1767225600000 } from './1767225600000-create-messaging-tables';
import { OutboxNotifyWhenRelayWaits1767657600000 } from './1767657600000-outbox-notify-when-relay-waits';
import { OutboxPayloadAsWritten1796256000000 } from './1796256000000-outbox-payload-as-written';
import { OutboxAppendFunction1796342400000 } from './1796342400000-outbox-append-function';

/** The messaging tables' migrations in order; a service lists them once in its own migration list (spread). */
export const MESSAGING_MIGRATIONS = [
  CreateMessagingTables1767225600000,
  OutboxNotifyWhenRelayWaits1767657600000,
  OutboxPayloadAsWritten1796256000000,
  OutboxAppendFunction1796342400000,
];
