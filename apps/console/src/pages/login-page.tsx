import { useEffect, useState, type FormEvent } from 'react';
import { apiJson, type Schemas } from '../api/client';
import { navigate } from '../app/router';
import type { AuthConfig } from '../app/oidc';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';

const HOME_BY_ROLE: Record<string, string> = {
  'member-analyst': '/reports/new',
  auditor: '/audit',
  'audit-committee': '/audit',
  'finance-officer': '/finance',
  'finance-committee': '/finance',
  'operation-coordinator': '/operations',
  'assistance-coordinator': '/assistance',
  editor: '/research',
};

/** Where a signed-in user starts: the page of their first role that has one. */
export const homeOf = (roles: string[]): string => roles.map((r) => HOME_BY_ROLE[r]).find(Boolean) ?? '/';

/**
 * Sign-in: through the organisation's OpenID provider (authorization code + PKCE, `oidc-client-ts`, loaded only when
 * used) when the gateway names one in `GET /auth/config`, and the development issuer's seeded users when the gateway
 * runs it. A session that ran out signs in again through the provider, back to the same page.
 */
export function LoginPage() {
  const { t } = useI18n();
  const { signIn, expired } = useSession();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [users, setUsers] = useState<Schemas['DevUserView'][] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [chosen, setChosen] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    apiJson<AuthConfig>('/auth/config').then(
      (c) => {
        setConfig(c);
        if (!c.devLogin) {
          if (!c.oidc) setUnavailable(true);
          return;
        }
        apiJson<Schemas['DevUserView'][]>('/auth/dev-login/users').then(
          (list) => {
            setUsers(list);
            setChosen(list[0]?.id ?? '');
          },
          () => setUnavailable(true),
        );
      },
      () => setUnavailable(true),
    );
  }, []);

  const here = location.pathname + location.search;
  const returnTo = location.pathname === '/login' ? '' : here;
  const provider = config?.oidc;
  async function withProvider() {
    if (!provider) return;
    setFailure(null);
    try {
      await (await import('../app/oidc')).startSignIn(provider, returnTo);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }
  // Re-login on expiry: straight back to the provider (which may still know the person), then to this page.
  useEffect(() => {
    if (expired && provider) void withProvider();
  }, [expired, provider]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    let answer: Schemas['DevTokenView'];
    try {
      answer = await apiJson<Schemas['DevTokenView']>('/auth/dev-login/token', { method: 'POST', body: { user: chosen } });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      return;
    }
    signIn({ token: answer.token, user: answer.user, expiresAt: Date.now() + answer.expiresIn * 1000, via: 'dev' });
    navigate(returnTo || homeOf(answer.user.roles));
  }

  return (
    <>
      <h1 tabIndex={-1}>{t(provider ? 'login.titleProvider' : 'login.title')}</h1>
      {expired && <p role="alert">{t('login.expired')}</p>}
      {provider && (
        <section aria-labelledby="provider-title">
          <h2 id="provider-title">{t('login.provider')}</h2>
          <p>{t('login.providerIntro')}</p>
          <button type="button" onClick={() => void withProvider()}>
            {t('login.withProvider')}
          </button>
          {failure && !users && <p role="alert">{t('common.error', { detail: failure })}</p>}
        </section>
      )}
      {config?.devLogin && (provider ? <h2>{t('login.title')}</h2> : null)}
      {config?.devLogin && <p>{t('login.intro')}</p>}
      {unavailable && <p role="alert">{t('login.unavailable')}</p>}
      {!config && !unavailable && <p role="status">{t('common.loading')}</p>}
      {users && (
        <form onSubmit={submit}>
          <fieldset>
            <legend>{t('login.choose')}</legend>
            {users.map((u) => (
              <div className="choice" key={u.id}>
                <input
                  type="radio"
                  id={`user-${u.id}`}
                  name="user"
                  value={u.id}
                  checked={chosen === u.id}
                  onChange={() => setChosen(u.id)}
                />
                <label htmlFor={`user-${u.id}`}>
                  {u.label} ({u.member}, {u.roles.join(', ')})
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('login.submit')}</button>
          {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
        </form>
      )}
    </>
  );
}
