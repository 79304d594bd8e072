import { Link } from '../app/router';
import { useI18n, type I18n } from '../i18n/i18n';
import { useNotifications, type Notification } from './notifications';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** What one notification says, and where it leads (only what its event carried for this Member). */
function describe(n: Notification, { t, code }: I18n): { text: string; href?: string; link?: string } {
  switch (n.type) {
    case 'intel.match.found':
      return {
        text: t('notifications.match', {
          report: str(n.data['reportId']).slice(0, 8),
          kinds: list(n.data['indicatorKinds'])
            .map((k) => code('indicatorKind', k))
            .join(', '),
        }),
        href: `/matches/${encodeURIComponent(n.subject)}`,
        link: t('notifications.openMatch'),
      };
    case 'research.publication.notified':
      return {
        text: t('notifications.publication', {
          version: String(n.data['version'] ?? ''),
          change: code('publicationChange', str(n.data['change'])),
        }),
        href: `/research/${encodeURIComponent(n.subject)}`,
        link: t('notifications.openPublication'),
      };
    case 'assistance.mission.news':
      return { text: t('notifications.mission', { title: str(n.data['title']), news: code('missionNews', str(n.data['news'])) }) };
    case 'assistance.request.moved':
      return { text: t('notifications.requestMoved', { title: str(n.data['title']), state: code('requestState', str(n.data['to'])) }) };
    case 'gateway.webhook.disabled':
      return { text: t('notifications.webhookDisabled', { id: n.subject.slice(0, 8) }) };
    default:
      // A notification type the console does not know yet: its name (the code when it has no label).
      return { text: code('eventType', (n as { type: string }).type) };
  }
}

/**
 * The caller Member's notifications as they arrive on the stream. The list is a polite live region: a screen reader
 * reads a new notification when it comes, without moving the focus from what the user is doing.
 */
export function NotificationPanel() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const { items, stream, dismiss } = useNotifications();
  if (!stream) return null;
  return (
    <aside className="notifications" aria-labelledby="notifications-title" data-stream={stream.state}>
      <h2 id="notifications-title">
        {t('notifications.title')} <span className="stream-state">({t(`notifications.state.${stream.state}`)})</span>
      </h2>
      <ul aria-live="polite" aria-relevant="additions" data-testid="notifications">
        {items.map((n) => {
          const d = describe(n, i18n);
          return (
            <li key={n.id} data-type={n.type} data-subject={n.subject}>
              <time dateTime={n.createdAt}>{date(n.createdAt, true)}</time> {d.text} {d.href && <Link href={d.href}>{d.link}</Link>}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => dismiss(n.id)}
                aria-label={t('notifications.dismiss', { text: d.text })}
              >
                {t('notifications.dismissShort')}
              </button>
            </li>
          );
        })}
      </ul>
      {items.length === 0 && <p className="muted">{t('notifications.none')}</p>}
    </aside>
  );
}
