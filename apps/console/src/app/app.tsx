import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { LOCALES, useI18n, type Locale } from '../i18n/i18n';
import { NotificationPanel } from '../notifications/notification-panel';
import { LoginPage } from '../pages/login-page';
import { Link, match, navigate, useLocation } from './router';
import { hasRole, useSession } from './session';

// Each journey is its own chunk: the first visit loads the shell and the login only.
const ReportFormPage = lazy(() => import('../pages/report-form-page'));
const MyReportsPage = lazy(() => import('../pages/my-reports-page'));
const ReportDetailPage = lazy(() => import('../pages/report-detail-page'));
const ResearchSearchPage = lazy(() => import('../pages/research-search-page'));
const PublicationPage = lazy(() => import('../pages/publication-page'));
const AuditPage = lazy(() => import('../pages/audit-page'));
const MatchesPage = lazy(() => import('../pages/matches-page'));
const MatchPage = lazy(() => import('../pages/match-page'));
const FinancePage = lazy(() => import('../pages/finance-page'));
const FiscalYearPage = lazy(() => import('../pages/fiscal-year-page'));
const OperationsPage = lazy(() => import('../pages/operations-page'));
const OperationPage = lazy(() => import('../pages/operation-page'));
const OperationTemplatesPage = lazy(() => import('../pages/operation-templates-page'));
const OperationTemplatePage = lazy(() => import('../pages/operation-template-page'));
const AssistancePage = lazy(() => import('../pages/assistance-page'));
const AssistanceRequestPage = lazy(() => import('../pages/assistance-request-page'));
const WebhooksPage = lazy(() => import('../pages/webhooks-page'));
const WebhookPage = lazy(() => import('../pages/webhook-page'));
const SignInCallbackPage = lazy(() => import('../pages/signin-callback-page'));
const ExpertMissionsPage = lazy(() => import('../pages/expert-missions-page'));
const SignedOutPage = lazy(() => import('../pages/signed-out-page'));
const AuditRecommendationsPage = lazy(() => import('../pages/audit-recommendations-page'));
const AuditRecommendationPage = lazy(() => import('../pages/audit-recommendation-page'));
const AuditPlansPage = lazy(() => import('../pages/audit-plans-page'));
const AuditPlanPage = lazy(() => import('../pages/audit-plan-page'));
const AuditEngagementsPage = lazy(() => import('../pages/audit-engagements-page'));
const AuditEngagementPage = lazy(() => import('../pages/audit-engagement-page'));
const PublicationEditPage = lazy(() => import('../pages/publication-edit-page'));

/** Who reads the budget (budget-audit's readers); only the Secretariat's finance officers and the Committee act on it. */
const FINANCE_READERS = ['finance-officer', 'finance-committee', 'auditor', 'audit-committee', 'admin'];

interface Route {
  pattern: string;
  roles?: string[];
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/login', render: () => <LoginPage /> },
  { pattern: '/signin/callback', render: () => <SignInCallbackPage /> },
  { pattern: '/signout/callback', render: () => <SignedOutPage /> },
  { pattern: '/reports/new', roles: ['member-analyst'], render: () => <ReportFormPage /> },
  { pattern: '/reports', roles: ['member-analyst'], render: () => <MyReportsPage /> },
  { pattern: '/reports/:id', roles: ['member-analyst'], render: (p) => <ReportDetailPage id={p['id']} /> },
  { pattern: '/matches', roles: ['member-analyst'], render: () => <MatchesPage /> },
  { pattern: '/matches/:id', roles: ['member-analyst'], render: (p) => <MatchPage id={p['id']} /> },
  { pattern: '/missions', roles: ['expert'], render: () => <ExpertMissionsPage /> },
  { pattern: '/webhook-endpoints', roles: ['member-analyst'], render: () => <WebhooksPage /> },
  { pattern: '/webhook-endpoints/:id', roles: ['member-analyst'], render: (p) => <WebhookPage id={p['id']} /> },
  { pattern: '/research', render: () => <ResearchSearchPage /> },
  // Before `/research/:id`: the editor's new publication (the API admits the Secretariat's editors only).
  { pattern: '/research/new', roles: ['editor'], render: () => <PublicationEditPage /> },
  { pattern: '/research/:id/revise', roles: ['editor'], render: (p) => <PublicationEditPage id={p['id']} /> },
  { pattern: '/research/:id', render: (p) => <PublicationPage id={p['id']} /> },
  {
    pattern: '/audit',
    roles: ['auditor', 'audit-committee', 'finance-officer', 'finance-committee', 'admin'],
    render: () => <AuditPage />,
  },
  // The audit plan's follow-up: budget-audit's readers read it; the buttons are each actor's (audit/follow-up.ts).
  { pattern: '/audit/recommendations', roles: FINANCE_READERS, render: () => <AuditRecommendationsPage /> },
  { pattern: '/audit/recommendations/:id', roles: FINANCE_READERS, render: (p) => <AuditRecommendationPage id={p['id']} /> },
  { pattern: '/audit/plans', roles: FINANCE_READERS, render: () => <AuditPlansPage /> },
  { pattern: '/audit/plans/:id', roles: FINANCE_READERS, render: (p) => <AuditPlanPage id={p['id']} /> },
  { pattern: '/audit/engagements', roles: FINANCE_READERS, render: () => <AuditEngagementsPage /> },
  { pattern: '/audit/engagements/:id', roles: FINANCE_READERS, render: (p) => <AuditEngagementPage id={p['id']} /> },
  { pattern: '/finance', roles: FINANCE_READERS, render: () => <FinancePage /> },
  { pattern: '/finance/:year', roles: FINANCE_READERS, render: (p) => <FiscalYearPage year={p['year']} /> },
  { pattern: '/operations', roles: ['operation-coordinator'], render: () => <OperationsPage /> },
  { pattern: '/operations/:id', roles: ['operation-coordinator'], render: (p) => <OperationPage id={p['id']} /> },
  { pattern: '/operation-templates', roles: ['operation-coordinator'], render: () => <OperationTemplatesPage /> },
  {
    pattern: '/operation-templates/:id',
    roles: ['operation-coordinator'],
    render: (p) => <OperationTemplatePage id={p['id']} />,
  },
  { pattern: '/assistance', roles: ['member-analyst', 'assistance-coordinator'], render: () => <AssistancePage /> },
  {
    pattern: '/assistance/requests/:id',
    roles: ['member-analyst', 'assistance-coordinator'],
    render: (p) => <AssistanceRequestPage id={p['id']} />,
  },
  { pattern: '/', render: () => <HomePage /> },
];

function HomePage() {
  const { t } = useI18n();
  return (
    <>
      <h1 tabIndex={-1}>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
    </>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1 tabIndex={-1}>{t('common.notFound')}</h1>
      <p>
        <Link href="/">{t('common.backHome')}</Link>
      </p>
    </>
  );
}

export function App() {
  const { t, locale, setLocale } = useI18n();
  const { session, signOut } = useSession();
  const url = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  // On the way to the provider's end-session endpoint: the page says so rather than show the sign-in page meanwhile.
  const [leaving, setLeaving] = useState(false);

  /**
   * Sign-out: the session is forgotten here first (whatever the provider answers, this tab holds no token any more),
   * then, signed in through the provider, at the provider too when it offers an end-session endpoint (it sends the
   * browser back to /signout/callback); otherwise the sign-in page.
   */
  async function signOutEverywhere() {
    const ending = session;
    signOut();
    if (ending?.via === 'oidc' && ending.oidc) {
      setLeaving(true);
      try {
        if (await (await import('./oidc')).signOutAtProvider(ending.oidc)) return;
      } catch {
        // The provider could not be reached: signed out in this tab only.
      }
      setLeaving(false);
    }
    navigate('/login');
  }

  let page: ReactNode = <NotFound />;
  for (const route of ROUTES) {
    const params = match(route.pattern, url.pathname === '' ? '/' : url.pathname);
    if (!params) continue;
    // A page the user's roles do not open answers like one that does not exist; without a session, sign in first.
    if (route.roles && !session) page = <LoginPage />;
    else if (route.roles && !hasRole(session, ...route.roles)) page = <NotFound />;
    else page = route.render(params);
    break;
  }
  if (leaving) page = <p role="status">{t('signout.busy')}</p>;

  // Focus moves to the new page's heading on navigation, as a screen reader user expects after a page change; not on
  // the first load, where the document's start (the skip link) comes first.
  const firstPath = useRef(url.pathname);
  useEffect(() => {
    if (url.pathname === firstPath.current) return;
    firstPath.current = '';
    const main = mainRef.current;
    if (!main) return;
    // The previous page may still be in the DOM, hidden by Suspense while the next one loads: only a heading that
    // takes the focus counts.
    const focusHeading = (): boolean =>
      [...main.querySelectorAll<HTMLElement>('h1')].some((heading) => {
        heading.focus();
        return document.activeElement === heading;
      });
    if (focusHeading()) return;
    // A lazy page shows its heading once its chunk has loaded.
    const observer = new MutationObserver(() => focusHeading() && observer.disconnect());
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [url.pathname]);

  const links = [
    { href: '/reports/new', label: t('nav.newReport'), show: hasRole(session, 'member-analyst') },
    { href: '/reports', label: t('nav.myReports'), show: hasRole(session, 'member-analyst') },
    { href: '/matches', label: t('nav.matches'), show: hasRole(session, 'member-analyst') },
    { href: '/missions', label: t('nav.missions'), show: hasRole(session, 'expert') },
    { href: '/webhook-endpoints', label: t('nav.webhooks'), show: hasRole(session, 'member-analyst') },
    { href: '/research', label: t('nav.research'), show: true },
    { href: '/operations', label: t('nav.operations'), show: hasRole(session, 'operation-coordinator') },
    { href: '/operation-templates', label: t('nav.templates'), show: hasRole(session, 'operation-coordinator') },
    { href: '/assistance', label: t('nav.assistance'), show: hasRole(session, 'member-analyst', 'assistance-coordinator') },
    { href: '/audit/recommendations', label: t('nav.auditFollowUp'), show: hasRole(session, ...FINANCE_READERS) },
    { href: '/finance', label: t('nav.finance'), show: hasRole(session, ...FINANCE_READERS) },
    {
      href: '/audit',
      label: t('nav.audit'),
      show: hasRole(session, 'auditor', 'audit-committee', 'finance-officer', 'finance-committee', 'admin'),
    },
  ].filter((l) => l.show);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="banner">
        <Link href="/" className="brand">
          {t('app.title')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} aria-current={url.pathname === l.href ? 'page' : undefined}>
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <label htmlFor="locale">{t('lang.label')}</label>
          <select id="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {Object.entries(LOCALES).map(([code, l]) => (
              <option key={code} value={code} lang={code}>
                {l.name}
              </option>
            ))}
          </select>
          {session ? (
            <>
              <span className="who">{t('user.signedInAs', { user: session.user.label, member: session.user.member })}</span>
              <button type="button" onClick={() => void signOutEverywhere()}>
                {t('nav.logout')}
              </button>
            </>
          ) : (
            <Link href="/login">{t('nav.login')}</Link>
          )}
        </div>
      </header>
      <NotificationPanel />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>{page}</Suspense>
      </main>
    </>
  );
}
