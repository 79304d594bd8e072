import { useState } from 'react';
import { downloadFile, type Schemas } from '../api/client';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { CorrectionList, GoodsRevisionForm, SectionCorrectionForm } from './report-revisions';
import { LoadStatus } from './status';
import { useApi } from './use-api';

/** One report as the API returns it to this officer, its versions, and its STIX 2.1 export. */
export default function ReportDetailPage({ id }: { id: string }) {
  const { t, date, code, countryLabel } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const path = `/api/intel/reports/${encodeURIComponent(id)}`;
  const report = useApi<Schemas['intel-exchange.ReportView']>(path, undefined, reload);
  const versions = useApi<Schemas['intel-exchange.ReportVersionSummary'][]>(`${path}/versions`, undefined, reload);
  const corrections = useApi<Schemas['intel-exchange.CorrectionView'][]>(`${path}/corrections`, undefined, reload);
  const again = () => setReload((n) => n + 1);
  const [failure, setFailure] = useState<string | null>(null);
  if (report.state !== 'ok') return <LoadStatus result={report} />;
  const r = report.data;
  const stix = () =>
    downloadFile(`/api/intel/reports/${encodeURIComponent(id)}/stix`, `report-${id}.stix.json`, { token: session?.token }).catch(
      (e: Error) => setFailure(e.message),
    );
  return (
    <>
      <h1 tabIndex={-1}>{t('reportDetail.title', { id: r.id.slice(0, 8) })}</h1>
      <dl>
        <dt>{t('reports.col.type')}</dt>
        <dd>{code('reportType', r.type)}</dd>
        <dt>{t('reports.col.detected')}</dt>
        <dd>{date(r.whenWhere.detectedAt, true)}</dd>
        <dt>{t('report.field.country')}</dt>
        <dd>{countryLabel(String(r.whenWhere.country))}</dd>
        <dt>{t('report.field.tlp')}</dt>
        <dd>{code('tlp', r.tlp)}</dd>
        <dt>{t('report.section.goods')}</dt>
        <dd>{t('reportDetail.goods', { count: r.goods.length, description: r.goods[0]?.description ?? '' })}</dd>
      </dl>
      <h2>{t('reportDetail.versions')}</h2>
      {versions.state === 'ok' ? (
        <ol>
          {versions.data.map((v) => (
            <li key={v.version}>
              {t('reportDetail.version', { version: v.version, date: date(v.createdAt, true) })}
              {v.correctionId && ` ${t('reportDetail.fromCorrection')}`}
            </li>
          ))}
        </ol>
      ) : (
        <LoadStatus result={versions} />
      )}
      <button type="button" onClick={stix}>
        {t('reportDetail.stix')}
      </button>
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
      {corrections.state === 'ok' ? (
        <CorrectionList report={r} corrections={corrections.data} onDone={again} />
      ) : (
        <LoadStatus result={corrections} />
      )}
      {r.originatorMember === session?.user.member ? (
        <GoodsRevisionForm report={r} onDone={again} />
      ) : (
        <SectionCorrectionForm report={r} onDone={again} />
      )}
    </>
  );
}
