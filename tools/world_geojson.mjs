#!/usr/bin/env node
// Converts Natural Earth country outlines (1:110m, public domain), as
// packaged in TopoJSON by the npm package world-atlas, into the small GeoJSON
// file the sitrep web UI draws its map from
// (crates/sitrep-server/assets/world.geojson).
//
//   cd "$(mktemp -d)" && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
//   node /path/to/sitrep/tools/world_geojson.mjs package/countries-110m.json \
//       > crates/sitrep-server/assets/world.geojson
//
// The TopoJSON decoding (quantised, delta-encoded arcs) is written here; no
// third-party code is used or committed. Coordinates are rounded to 0.01°.
import { readFileSync } from "node:fs";

const path = process.argv[2];
if (!path) {
  console.error("usage: world_geojson.mjs countries-110m.json > world.geojson");
  process.exit(2);
}
const topo = JSON.parse(readFileSync(path, "utf8"));
const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
const round = (v) => Math.round(v * 100) / 100;

const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx; y += dy;
    return [round(x * sx + tx), round(y * sy + ty)];
  });
});

function ring(indexes) {
  const out = [];
  for (const i of indexes) {
    const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    a.forEach((p, k) => { if (k > 0 || out.length === 0) out.push(p); });
  }
  // Drop repeated points left by rounding.
  return out.filter((p, k) => k === 0 || p[0] !== out[k - 1][0] || p[1] !== out[k - 1][1]);
}

const features = [];
for (const g of topo.objects.countries.geometries) {
  let geometry = null;
  if (g.type === "Polygon") geometry = { type: "Polygon", coordinates: g.arcs.map(ring) };
  else if (g.type === "MultiPolygon") geometry = { type: "MultiPolygon", coordinates: g.arcs.map((p) => p.map(ring)) };
  if (!geometry) continue;
  features.push({ type: "Feature", properties: { name: (g.properties && g.properties.name) || "" }, geometry });
}
process.stdout.write(JSON.stringify({
  type: "FeatureCollection",
  attribution: "Made with Natural Earth (public domain), 1:110m countries, via the world-atlas package.",
  features,
}));
process.stdout.write("\n");
