import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** A signing secret the API shows this once (registration, rotation): the officer copies it now or never sees it again. */
export function OneTimeSecret({ secret }: { secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="one-time-secret" role="status">
      <p>{t('webhooks.secretOnce')}</p>
      <p>
        <code data-testid="webhook-secret">{secret}</code>{' '}
        <CopyButton text={secret} onCopied={() => setCopied(true)} label={t('webhooks.copySecret')} />
      </p>
      {copied && <p>{t('common.copied')}</p>}
    </div>
  );
}

/** Copies a text to the clipboard (the page says so; a refusal of the browser leaves the text on screen to select). */
export function CopyButton({ text, label, onCopied }: { text: string; label: string; onCopied?: () => void }) {
  return (
    <button
      type="button"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => onCopied?.(),
          () => undefined,
        )
      }
    >
      {label}
    </button>
  );
}
