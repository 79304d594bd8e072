import { useEffect, useState, type FormEvent } from 'react';
import { apiJson, type Schemas } from '../api/client';
import { navigate } from '../app/router';
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

/** Development sign-in: a seeded user of the gateway's development issuer (the route exists only there). */
export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [users, setUsers] = useState<Schemas['DevUserView'][] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [chosen, setChosen] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    apiJson<Schemas['DevUserView'][]>('/auth/dev-login/users').then(
      (list) => {
        setUsers(list);
        setChosen(list[0]?.id ?? '');
      },
      () => setUnavailable(true),
    );
  }, []);

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
    signIn({ token: answer.token, user: answer.user, expiresAt: Date.now() + answer.expiresIn * 1000 });
    const here = location.pathname;
    navigate(here !== '/login' ? here : (answer.user.roles.map((r) => HOME_BY_ROLE[r]).find(Boolean) ?? '/'));
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {unavailable && <p role="alert">{t('login.unavailable')}</p>}
      {!users && !unavailable && <p role="status">{t('common.loading')}</p>}
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
