import { useEffect, useRef, useState } from 'react';
import { apiJson } from '../api/client';
import type { AuthConfig } from '../app/oidc';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { homeOf } from './login-page';

/**
 * Where the provider sends the browser back: the code is exchanged (with the PKCE verifier this tab kept) for the
 * tokens, the session starts, and the person lands on the page they were going to (or their home page).
 */
export default function SignInCallbackPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [failure, setFailure] = useState<string | null>(null);
  const once = useRef(false);
  useEffect(() => {
    // One exchange per code (React's development double effects, a second render): a code is spent by the first try.
    if (once.current) return;
    once.current = true;
    const params = new URLSearchParams(location.search);
    if (params.get('error')) {
      setFailure(params.get('error_description') ?? params.get('error'));
      return;
    }
    void (async () => {
      try {
        const config = await apiJson<AuthConfig>('/auth/config');
        if (!config.oidc) throw new Error(t('login.unavailable'));
        const { completeSignIn } = await import('../app/oidc');
        const { session, returnTo } = await completeSignIn(config.oidc);
        signIn({ ...session, oidc: config.oidc });
        navigate(returnTo !== '/' ? returnTo : homeOf(session.user.roles));
      } catch (error) {
        setFailure(error instanceof Error ? error.message : String(error));
      }
    })();
  }, [signIn, t]);
  return (
    <>
      <h1 tabIndex={-1}>{t('login.completing')}</h1>
      {failure ? (
        <>
          <p role="alert">{t('login.failed', { detail: failure })}</p>
          <p>
            <Link href="/login">{t('login.again')}</Link>
          </p>
        </>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </>
  );
}
