import { useEffect } from 'react';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';

/**
 * Where the organisation's provider sends the browser back after the person signed out there (the console's
 * `post_logout_redirect_uri`). The console's own session was forgotten before leaving; a session still here (the
 * page opened otherwise) is forgotten too, so the page never says "signed out" beside a signed-in header.
 */
export default function SignedOutPage() {
  const { t } = useI18n();
  const { session, signOut } = useSession();
  useEffect(() => {
    if (session) signOut();
  }, [session, signOut]);
  return (
    <>
      <h1 tabIndex={-1}>{t('signout.title')}</h1>
      <p>{t('signout.provider')}</p>
      <p>
        <Link href="/login">{t('signout.again')}</Link>
      </p>
    </>
  );
}
