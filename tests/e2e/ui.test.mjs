// End-to-end tests of the sitrep web UI in real headless Chromium.
//
// Builds nothing: expects the `sitrep` binary (target/release/sitrep or
// $SITREP_BIN), which also seeds the store (`sitrep ingest`), and
// /usr/bin/chromium (or $CHROMIUM). scripts/e2e.sh
// builds and installs them. Every request leaving 127.0.0.1 is blocked and
// counted: the UI must work offline.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const SITREP = process.env.SITREP_BIN || join(root, "target/release/sitrep");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

let tmp, server, context, base, token;
const offsite = [];
const consoleErrors = [];

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

async function waitFor(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url); if (r.ok) return; } catch (_) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer ${url} within ${ms} ms`);
}

async function api(path) {
  const r = await fetch(base + path);
  assert.equal(r.status, 200, path);
  return r.json();
}

async function newPage() {
  const page = await context.newPage();
  page.on("dialog", (d) => { consoleErrors.push("dialog: " + d.message()); d.dismiss(); });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push("pageerror: " + e.message));
  return page;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "sitrep-e2e-"));
  const db = join(tmp, "e2e.db");
  execFileSync(SITREP, ["ingest", "--db", db, "--published", "2031-09-30", join(root, "examples/reports"), join(here, "fixtures/hostile-article.txt")], { stdio: ["ignore", "inherit", "inherit"] });
  token = execFileSync(SITREP, ["token", "create", "E2E Analyst", "--db", db], { encoding: "utf8" }).trim();
  assert.match(token, /^sitrep_[0-9a-f]{64}$/);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(SITREP, ["serve", "--db", db, "--port", String(port)], { stdio: ["ignore", "inherit", "inherit"] });
  await waitFor(base + "/api/meta", 30000);
  context = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:") return route.continue();
    offsite.push(route.request().url());
    return route.abort();
  });
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill("SIGINT");
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the incidents table lists the ingested reports and filters them", async () => {
  const page = await newPage();
  const res = await page.goto(base + "/");
  assert.match(res.headers()["content-security-policy"], /script-src 'self'/);
  await page.waitForSelector("#incidents tbody tr");
  const all = await api("/api/incidents");
  assert.ok(all.total >= 4, `expected the 4 reports as incidents, got ${all.total}`);
  assert.equal(await page.locator("#incidents tbody tr").count(), all.total);
  const france = await api("/api/incidents?country=France");
  assert.ok(france.total > 0 && france.total < all.total, "the filter narrows the list");
  await page.fill("#f-country", "France");
  await page.click("#apply");
  await page.waitForFunction(() => location.hash.includes("country=France"));
  await page.waitForFunction((n) => document.querySelector("#count")?.textContent.endsWith(" " + n), france.total);
  const places = await page.locator("#incidents tbody tr td:nth-child(3)").allTextContents();
  assert.equal(places.length, france.total);
  for (const p of places) assert.match(p, /France/);
  await page.close();
});

test("an incident page highlights each field's evidence at its byte offsets", async () => {
  const page = await newPage();
  const list = await api("/api/incidents?country=KE");
  assert.equal(list.total, 1, "the Mombasa report");
  const id = list.items[0].id;
  const view = await api(`/api/incidents/${id}`);
  const withEvidence = view.fields.find((f) => f.field === "killed" && f.sources.some((s) => s.evidence.length));
  assert.ok(withEvidence, "killed has evidence");
  const quote = withEvidence.sources[0].evidence[0].text;

  await page.goto(`${base}/#/incidents`);
  await page.waitForSelector("#incidents tbody tr");
  await page.click(`#incidents a[href="#/incident/${id}"]`);
  await page.waitForSelector(".doctext mark");
  assert.ok(await page.locator(".doctext mark").count() >= 3);
  await page.click('tr.fieldrow[data-field="killed"]');
  const active = await page.locator("mark.active").allTextContents();
  assert.ok(active.length >= 1);
  assert.ok(active.join("").includes(quote) || quote.includes(active[0]), `${active} vs ${quote}`);
  await page.close();
});

test("an analyst corrects a field with a token and sees the audit entry", async () => {
  const page = await newPage();
  const id = (await api("/api/incidents?city=Lyon")).items[0].id;
  await page.goto(`${base}/#/incident/${id}`);
  await page.waitForSelector("#edit-form");
  await page.selectOption("#edit-field", "injured");
  await page.fill("#edit-value", "21");
  await page.fill("#edit-note", "hospital update");
  // Without a token the API refuses and the UI says why.
  await page.click("#edit-submit");
  await page.waitForSelector("#edit-status .error");
  assert.match(await page.locator("#edit-status .error").textContent(), /token/);
  // With a wrong token: refused too.
  await page.fill("#token-input", "sitrep_" + "0".repeat(64));
  await page.click("#token-form button");
  await page.click("#edit-submit");
  await page.waitForFunction(() => /not valid/.test(document.querySelector("#edit-status")?.textContent || ""));
  assert.equal((await api(`/api/incidents/${id}`)).edits.length, 0);
  // With the real token the edit lands in the audit trail.
  await page.fill("#token-input", token);
  await page.click("#token-form button");
  await page.click("#edit-submit");
  await page.waitForSelector("#audit tbody tr");
  const row = await page.locator("#audit tbody tr").first().locator("td").allTextContents();
  assert.equal(row[1], "E2E Analyst");
  assert.equal(row[2], "injured");
  assert.equal(row[4], "21");
  assert.equal(row[5], "hospital update");
  const view = await api(`/api/incidents/${id}`);
  assert.equal(view.edits.length, 1);
  assert.equal(view.edits[0].by, "E2E Analyst");
  assert.deepEqual(view.merged.injured, { min: 21, max: 21 });
  await page.close();
});

test("a hostile article renders inert", async () => {
  const page = await newPage();
  const found = await api("/api/incidents?q=Marseille");
  assert.equal(found.total, 1, "the hostile fixture became an incident");
  const id = found.items[0].id;
  await page.goto(`${base}/#/incidents`);
  await page.waitForSelector("#incidents tbody tr");
  await page.goto(`${base}/#/incident/${id}`);
  await page.waitForSelector(".doctext");
  await page.hover(".doctext");
  await page.waitForTimeout(300);
  const text = await page.locator(".doctext").first().textContent();
  assert.ok(text.includes("<script>window.__pwned = 'script'"), "the script tag is shown as text");
  assert.ok(text.includes("onerror="));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("main img, main iframe, main script, main svg[onload], main b").count(), 0);
  const title = await page.locator("#incident-title").textContent();
  assert.ok(title.includes("<img src=x"), `title shown as text: ${title}`);
  assert.deepEqual(consoleErrors.filter((e) => e.startsWith("dialog")), []);
  await page.close();
});

test("map, timeline and statements render from the embedded assets", async () => {
  const page = await newPage();
  await page.goto(`${base}/#/map`);
  await page.waitForSelector("#map circle");
  assert.ok(await page.locator("#map path.land").count() > 100, "world outline drawn");
  const located = (await api("/api/map")).points.length;
  assert.equal(await page.locator("#map circle").count(), located);
  await page.goto(`${base}/#/timeline?by=country&bucket=month`);
  await page.waitForSelector("#timeline rect");
  assert.match(await page.locator("#timeline-note").textContent(), /incidents match/);
  await page.goto(`${base}/#/statements`);
  await page.waitForSelector("#statements");
  await page.close();
  assert.deepEqual(offsite, [], "no request left 127.0.0.1");
  assert.deepEqual(consoleErrors.filter((e) => !/status of 40[13]/.test(e)), [], "no console errors (CSP refusals included)");
});
