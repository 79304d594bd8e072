import { geoCentroid, geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Natural Earth's country shapes at 1:110m, shipped with the console's build (no tile server).
import world from 'world-atlas/countries-110m.json';
import { useI18n } from '../i18n/i18n';
import { mainland } from '../operations/centroid';
import { NUMERIC_BY_ALPHA2 } from '../operations/country-numeric';

const WIDTH = 960;
const HEIGHT = 500;
type Country = Feature<Geometry, { name: string }>;

const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const countries = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features as Country[];
const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
const path = geoPath(projection);

/**
 * The routes of the operation's reports on a world map (SVG, drawn in the browser from world-atlas's TopoJSON with
 * d3-geo): the countries on a route are shaded, each leg is a great-circle arc between the countries' points (the
 * centroid of each one's largest polygon).
 * Small islands missing from the 1:110m shapes have no point.
 */
export default function RouteMap({ routes }: { routes: { id: string; countries: string[] }[] }) {
  const { t, country } = useI18n();
  const byNumeric = useMemo(() => new Map(countries.map((c) => [String(c.id), c])), []);
  const shapeOf = (alpha2: string): Country | undefined => byNumeric.get(NUMERIC_BY_ALPHA2.get(alpha2) ?? '');
  const onRoute = new Set(routes.flatMap((r) => r.countries.flatMap((c) => (shapeOf(c) ? [NUMERIC_BY_ALPHA2.get(c)] : []))));
  const centroid = (alpha2: string): [number, number] | undefined => {
    const shape = shapeOf(alpha2);
    return shape ? geoCentroid(mainland(shape)) : undefined;
  };
  const legs = routes.flatMap((r) =>
    r.countries.slice(1).flatMap((to, i) => {
      const [a, b] = [centroid(r.countries[i]), centroid(to)];
      return a && b ? [{ key: `${r.id}:${i}`, d: path({ type: 'LineString', coordinates: [a, b] }) ?? '' }] : [];
    }),
  );
  const stops = [...new Set(routes.flatMap((r) => r.countries))].flatMap((c) => {
    const at = centroid(c);
    const xy = at && projection(at);
    return xy ? [{ country: c, x: xy[0], y: xy[1] }] : [];
  });
  const summary = t('operation.mapSummary', { routes: routes.map((r) => r.countries.map(country).join(' → ')).join('; ') });
  return (
    <figure>
      <svg
        className="world-map"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="route-map-title"
        data-testid="route-map"
        data-legs={legs.length}
        // A map is not mirrored in Arabic: west stays on the left.
        direction="ltr"
      >
        <title id="route-map-title">{summary}</title>
        {countries.map((c) => (
          <path key={String(c.id)} className={onRoute.has(String(c.id)) ? 'land on-route' : 'land'} d={path(c) ?? ''} data-country={c.id} />
        ))}
        {legs.map((l) => (
          <path key={l.key} className="leg" d={l.d} />
        ))}
        {stops.map((s) => (
          <circle key={s.country} className="stop" cx={s.x} cy={s.y} r={3.5} />
        ))}
      </svg>
      <figcaption>{t('operation.mapCaption')}</figcaption>
    </figure>
  );
}
