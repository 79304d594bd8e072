import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import type { Schemas } from '../api/client';
import { LOCALES, useI18n } from '../i18n/i18n';
import { euros } from './fiscal-year-page';

// Only what a bar chart needs, so the lazy chunk stays small (chart.js tree-shakes its controllers and scales).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Budget against actual per line as a bar chart (final budget, committed, spent). A canvas says nothing to a screen
 * reader: it is an image labelled with a summary, and the table before it carries every figure.
 */
export default function BudgetChart({ comparison }: { comparison: Schemas['budget-audit.BudgetVsActual'] }) {
  const { t, locale, money } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: comparison.lines.map((l) => l.code),
        datasets: [
          { label: t('finance.col.finalCents'), data: comparison.lines.map((l) => euros(l.finalCents)), backgroundColor: '#1f4e79' },
          {
            label: t('finance.col.committedCents'),
            data: comparison.lines.map((l) => euros(l.committedCents)),
            backgroundColor: '#b35900',
          },
          { label: t('finance.col.spentCents'), data: comparison.lines.map((l) => euros(l.spentCents)), backgroundColor: '#2e7d32' },
        ],
      },
      options: {
        locale,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { rtl: LOCALES[locale].dir === 'rtl', position: 'bottom' } },
        scales: {
          x: { reverse: LOCALES[locale].dir === 'rtl' },
          y: { position: LOCALES[locale].dir === 'rtl' ? 'right' : 'left', ticks: { callback: (v) => money(Number(v), 'EUR') } },
        },
      },
    });
    return () => chart.destroy();
  }, [comparison, locale, money, t]);
  const total = comparison.total;
  return (
    <figure className="chart">
      <div className="chart-box">
        <canvas
          ref={canvas}
          role="img"
          data-testid="budget-chart"
          aria-label={t('finance.chartSummary', {
            final: money(euros(total.finalCents), 'EUR'),
            committed: money(euros(total.committedCents), 'EUR'),
            spent: money(euros(total.spentCents), 'EUR'),
          })}
        />
      </div>
      <figcaption>{t('finance.chartCaption')}</figcaption>
    </figure>
  );
}
