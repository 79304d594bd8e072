import type { Feature, Geometry, Polygon, Position } from 'geojson';

/** Twice the signed area of a ring in degrees² (shoelace): enough to tell a country's parts apart by size. */
const ringArea = (ring: Position[]): number =>
  Math.abs(
    ring.reduce((sum, [x, y], i) => {
      const [nx, ny] = ring[(i + 1) % ring.length];
      return sum + x * ny - nx * y;
    }, 0),
  );

/**
 * The part of a country its point on the route map stands for: its largest polygon, so a country with overseas parts
 * is drawn where most of its land is (France's centroid over all its parts falls in the Atlantic, pulled west by
 * French Guiana; its largest polygon is metropolitan France). One polygon stays as it is.
 */
export function mainland<P>(shape: Feature<Geometry, P>): Feature<Geometry, P> {
  const geometry = shape.geometry;
  if (geometry.type !== 'MultiPolygon' || geometry.coordinates.length < 2) return shape;
  const largest = geometry.coordinates.reduce((best, p) => (ringArea(p[0]) > ringArea(best[0]) ? p : best));
  const polygon: Polygon = { type: 'Polygon', coordinates: largest };
  return { ...shape, geometry: polygon };
}
