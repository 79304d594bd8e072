import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { SharedIndicator } from '../operations/report-graph';

type Report = Schemas['intel-exchange.ReportView'];

/**
 * Cytoscape adds a <style> element to the document the first time it draws, which the gateway's CSP (style-src 'self')
 * refuses; it skips that when an element with this id exists, and the rule it would add (position: relative on the
 * container) is in the console's stylesheet.
 */
function preventStylesheetInjection(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  marker.name = 'cytoscape-stylesheet';
  marker.content = 'in styles.css';
  document.head.append(marker);
}

/**
 * The operation's reports and the indicators two or more of them share, as a graph (reports are boxes, indicators
 * ellipses). A canvas says nothing to a screen reader: the container is an image with a summary, and the list
 * before it names every link.
 */
export default function OperationGraph({ reports, shared }: { reports: Report[]; shared: SharedIndicator[] }) {
  const { t, code } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    preventStylesheetInjection();
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...reports.map((r) => ({
          data: { id: `r:${r.id}`, label: `${String(r.originatorMember)} ${r.id.slice(0, 8)}`, kind: 'report' },
        })),
        ...shared.map((s) => ({ data: { id: `i:${s.key}`, label: `${code('indicatorKind', s.kind)}\n${s.value}`, kind: 'indicator' } })),
        ...shared.flatMap((s) => s.reportIds.map((r) => ({ data: { id: `e:${s.key}:${r}`, source: `r:${r}`, target: `i:${s.key}` } }))),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'text-wrap': 'wrap',
            'font-size': 11,
            color: '#1a1a1a',
            'text-valign': 'bottom',
            'text-margin-y': 4,
          },
        },
        { selector: 'node[kind = "report"]', style: { shape: 'round-rectangle', 'background-color': '#0b3d91', width: 28, height: 20 } },
        { selector: 'node[kind = "indicator"]', style: { shape: 'ellipse', 'background-color': '#b35900', width: 18, height: 18 } },
        { selector: 'edge', style: { width: 2, 'line-color': '#767676' } },
      ],
      layout: { name: 'cose', animate: false },
      userZoomingEnabled: false,
      boxSelectionEnabled: false,
    });
    return () => cy.destroy();
  }, [reports, shared, code]);
  return (
    <figure className="graph">
      <div
        ref={container}
        className="graph-box"
        role="img"
        data-testid="operation-graph"
        data-nodes={reports.length + shared.length}
        data-edges={shared.reduce((n, s) => n + s.reportIds.length, 0)}
        aria-label={t('operation.graphSummary', { reports: reports.length, shared: shared.length })}
      />
      <figcaption>{t('operation.graphCaption')}</figcaption>
    </figure>
  );
}
