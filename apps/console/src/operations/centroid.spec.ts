import type { FeatureCollection, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { mainland } from './centroid';

const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const countries = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
const byName = (name: string) => countries.find((c) => c.properties.name === name)!;
const positions = (g: Geometry): Position[] =>
  g.type === 'Polygon' ? g.coordinates.flat() : g.type === 'MultiPolygon' ? g.coordinates.flat(2) : [];
const within = (g: Geometry, [w, s, e, n]: number[]) => positions(g).every(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n);

describe('the part of a country its point on the route map stands for', () => {
  it('is metropolitan France for France (French Guiana and Corsica left out)', () => {
    const france = byName('France');
    expect(within(france.geometry, [-6, 41, 10, 52])).toBe(false);
    const part = mainland(france).geometry;
    expect(part.type).toBe('Polygon');
    expect(within(part, [-6, 41, 10, 52])).toBe(true);
  });

  it('is the country itself when it is one polygon; the 48 contiguous states for the United States', () => {
    const germany = byName('Germany');
    expect(mainland(germany)).toBe(germany);
    expect(within(mainland(byName('United States of America')).geometry, [-125, 24, -66, 50])).toBe(true);
  });
});
