import type { ReactNode, TableHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';

/** A data table: its caption (hidden when the page's heading already says it), one header per column, its rows. */
export function Table({
  caption,
  captionHidden = true,
  columns,
  children,
  ...rest
}: { caption: string; captionHidden?: boolean; columns: string[]; children: ReactNode } & TableHTMLAttributes<HTMLTableElement>) {
  return (
    <table {...rest}>
      <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The next page of a cursor-paginated list (usePaged's `more`), when there is one. */
export function MoreButton({ more }: { more?: () => void }) {
  const { t } = useI18n();
  if (!more) return null;
  return (
    <button type="button" onClick={more}>
      {t('common.more')}
    </button>
  );
}
