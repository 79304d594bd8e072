import { useI18n } from '../i18n/i18n';
import type { Loaded } from './use-api';

/** Loading and failure of a resource, said once for every page (404 reads like a page that does not exist). */
export function LoadStatus({ result }: { result: Loaded<unknown> }) {
  const { t } = useI18n();
  if (result.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (result.state === 'error')
    return <p role="alert">{result.status === 404 ? t('common.notFound') : t('common.error', { detail: result.message })}</p>;
  return null;
}
