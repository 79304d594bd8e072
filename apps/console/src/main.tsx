import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { SessionProvider } from './app/session';
import { I18nProvider, initialLocale, LOCALES, loadLocale } from './i18n/i18n';
import { NotificationsProvider } from './notifications/notifications';
import './styles.css';

// The chosen language's catalogue first (a lazy chunk unless English), so the first render is in that language; the
// document's language and direction are known without it, and set at once (before the page's load event).
const locale = initialLocale();
document.documentElement.lang = locale;
document.documentElement.dir = LOCALES[locale].dir;
await loadLocale(locale);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <NotificationsProvider>
          <App />
        </NotificationsProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
