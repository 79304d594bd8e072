import { useState, type FormEvent } from 'react';
import { apiJson, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { tamperedProof, verifyEntry, type Verdict } from '../audit/verify';
import { LoadStatus } from './status';
import { useApi } from './use-api';

const BUDGET = '/api/budget';

/** The audit log's latest signed tree head, and the check of an entry in this browser (WebCrypto), tampered or not. */
export default function AuditPage() {
  const { t, date, number } = useI18n();
  const { session } = useSession();
  const head = useApi<Schemas['budget-audit.TreeHeadView']>(`${BUDGET}/audit-log/tree-heads/latest`);
  const [seq, setSeq] = useState('1');
  const [outcome, setOutcome] = useState<{ verdict: Verdict; seq: number; size: number; tampered: boolean } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function check(tamper: boolean) {
    setBusy(true);
    setFailure(null);
    setOutcome(null);
    try {
      const n = Number(seq);
      const token = session?.token;
      // Everything the check uses is fetched afresh: the key, the head, the entry and the proof against that head.
      const [key, latest, entry] = await Promise.all([
        apiJson<Schemas['budget-audit.PublishedKeyView']>(`${BUDGET}/.well-known/audit-log-key`),
        apiJson<Schemas['budget-audit.TreeHeadView']>(`${BUDGET}/audit-log/tree-heads/latest`, { token }),
        apiJson<Schemas['budget-audit.AuditEntryView']>(`${BUDGET}/audit-log/entries/${encodeURIComponent(seq)}`, { token }),
      ]);
      const proof = await apiJson<Schemas['budget-audit.InclusionProofView']>(
        `${BUDGET}/audit-log/proofs/inclusion?seq=${encodeURIComponent(seq)}&treeSize=${latest.treeSize}`,
        { token },
      );
      const inclusion = tamper ? tamperedProof(proof) : proof;
      const verdict = await verifyEntry({ key, head: latest, canonical: entry.canonical, inclusion });
      setOutcome({ verdict, seq: n, size: latest.treeSize, tampered: tamper });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check(false);
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('audit.title')}</h1>
      <ul className="inline-list">
        <li>
          <Link href="/audit/recommendations">{t('auditRec.title')}</Link>
        </li>
        <li>
          <Link href="/audit/engagements">{t('auditEng.title')}</Link>
        </li>
        <li>
          <Link href="/audit/plans">{t('auditPlan.title')}</Link>
        </li>
      </ul>
      <section aria-labelledby="head-title">
        <h2 id="head-title">{t('audit.latest')}</h2>
        {head.state === 'error' && head.status === 404 ? <p>{t('audit.noHead')}</p> : <LoadStatus result={head} />}
        {head.state === 'ok' && (
          <dl className="head">
            <dt>{t('audit.treeSize')}</dt>
            <dd data-testid="tree-size">{number(head.data.treeSize)}</dd>
            <dt>{t('audit.signedAt')}</dt>
            <dd>{date(head.data.timestamp, true)}</dd>
            <dt>{t('audit.root')}</dt>
            <dd className="hash">{head.data.rootHash}</dd>
            <dt>{t('audit.keyId')}</dt>
            <dd className="hash">{head.data.keyId}</dd>
          </dl>
        )}
      </section>
      <section aria-labelledby="verify-title">
        <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
        <p>{t('audit.verifyIntro')}</p>
        <form onSubmit={submit} className="inline">
          <label htmlFor="seq">{t('audit.seq')}</label>
          <input id="seq" type="number" min={1} step={1} value={seq} onChange={(e) => setSeq(e.target.value)} />
          <button type="submit" disabled={busy}>
            {t('audit.verify')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void check(true)}>
            {t('audit.tamper')}
          </button>
        </form>
        <div aria-live="polite">
          {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
          {outcome && (
            <div
              className={`verdict ${outcome.verdict.ok ? 'ok' : 'rejected'}`}
              data-verdict={outcome.verdict.ok ? 'verified' : 'rejected'}
            >
              <p>
                <strong>
                  {outcome.verdict.ok
                    ? t('audit.verified', { seq: outcome.seq, size: number(outcome.size) })
                    : t('audit.rejected', { seq: outcome.seq })}
                </strong>
              </p>
              <ul>
                {outcome.verdict.checks.map((c) => (
                  <li key={c.name} data-check={c.name} data-ok={c.ok}>
                    {t(`audit.check.${c.name}` as MessageKey)}: {c.ok ? t('audit.pass') : t('audit.fail')}
                  </li>
                ))}
              </ul>
              {outcome.verdict.developmentKey && <p>{t('audit.devKey')}</p>}
            </div>
          )}
        </div>
      </section>
    </>
  );
}
