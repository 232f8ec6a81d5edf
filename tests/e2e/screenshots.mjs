// Screenshots of the web UI for docs/web.md, in headless Chromium.
//
//   node tests/e2e/screenshots.mjs        (after scripts/e2e.sh has installed playwright-core)
//
// Seeds a store from examples/reports and the e2e fixtures with `sitrep ingest`,
// serves it on 127.0.0.1 and writes docs/img/*.png (then shrink them with pngquant
// when it is installed). Not part of the tests.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const SITREP = process.env.SITREP_BIN || join(root, "target/release/sitrep");
const tmp = mkdtempSync(join(tmpdir(), "sitrep-shots-"));
const db = join(tmp, "shots.db");
execFileSync(SITREP, ["ingest", "--db", db, "--published", "2031-09-30", join(root, "examples/reports"),
  join(here, "fixtures/mosul-checkpoint-attack.txt"), join(here, "fixtures/kabul-car-bombing.txt"),
  join(here, "fixtures/peshawar-undated-blast.txt"), join(here, "fixtures/hostile-article.txt")], { stdio: "ignore" });
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const server = spawn(SITREP, ["serve", "--db", db, "--port", String(port)], { stdio: "ignore" });
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(base + "/api/meta")).ok) break; } catch (_) { /* not up */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const shot = async (name) => page.screenshot({ path: join(root, "docs/img", name) });
  await page.goto(base + "/#/incidents?group=ISIS&country=IQ&country=AF&country=FR");
  await page.waitForSelector("#facets");
  await page.click("#download summary");
  await shot("table-facets.png");
  const id = (await (await fetch(base + "/api/incidents?city=Kabul")).json()).items[0].id;
  await page.goto(`${base}/#/incident/${id}`);
  await page.waitForSelector(".doctext mark");
  await page.click('tr.fieldrow[data-field="claimed"]');
  await shot("incident.png");
  await page.goto(base + "/#/review");
  await page.waitForSelector("#review tbody tr");
  await shot("review.png");
  await page.goto(base + "/#/map");
  await page.waitForSelector("#map g.pt");
  await shot("map.png");
  await page.goto(base + "/#/timeline?bucket=month&metric=fatalities&by=country");
  await page.waitForSelector("#timeline rect");
  await shot("timeline.png");
  await browser.close();
} finally {
  server.kill("SIGINT");
  rmSync(tmp, { recursive: true, force: true });
}
