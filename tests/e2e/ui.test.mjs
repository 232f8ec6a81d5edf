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
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
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
  execFileSync(SITREP, ["ingest", "--db", db, "--published", "2031-09-30", join(root, "examples/reports"), join(here, "fixtures/hostile-article.txt"),
    join(here, "fixtures/mosul-checkpoint-attack.txt"), join(here, "fixtures/kabul-car-bombing.txt"),
    join(here, "fixtures/peshawar-undated-blast.txt")], { stdio: ["ignore", "inherit", "inherit"] });
  token = execFileSync(SITREP, ["token", "create", "E2E Analyst", "--db", db], { encoding: "utf8" }).trim();
  assert.match(token, /^sitrep_[0-9a-f]{64}$/);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(SITREP, ["serve", "--db", db, "--port", String(port)], { stdio: ["ignore", "inherit", "inherit"] });
  await waitFor(base + "/api/meta", 30000);
  context = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath: CHROMIUM,
    acceptDownloads: true,
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

test("a city edit moves the map dot, and a revert brings it back", async () => {
  const page = await newPage();
  const id = (await api("/api/incidents?city=Mombasa")).items[0].id;
  const dot = async () => {
    await page.goto(`${base}/#/map`);
    await page.waitForSelector(`#map g.pt[data-id="${id}"] circle`);
    const c = page.locator(`#map g.pt[data-id="${id}"] circle`);
    return [Number(await c.getAttribute("cx")), Number(await c.getAttribute("cy"))];
  };
  const before = await dot();
  await page.goto(`${base}/#/incident/${id}`);
  await page.waitForSelector("#edit-form");
  await page.fill("#token-input", token);
  await page.click("#token-form button");
  // A city the gazetteer does not know is refused with the reason.
  await page.selectOption("#edit-field", "city");
  await page.fill("#edit-value", "Nowhereville");
  await page.click("#edit-submit");
  await page.waitForSelector("#edit-status .error");
  assert.match(await page.locator("#edit-status .error").textContent(), /keep_place/);
  // Nairobi: region and coordinates come from the gazetteer.
  await page.fill("#edit-value", "Nairobi");
  await page.fill("#edit-note", "the attack was in the capital");
  await page.click("#edit-submit");
  await page.waitForFunction(() => /Nairobi/.test(document.querySelector('tr.fieldrow[data-field="location"]')?.textContent || ""));
  const view = await api(`/api/incidents/${id}`);
  assert.equal(view.merged.city, "Nairobi");
  assert.ok(Math.abs(view.merged.lat - -1.28) < 0.1 && Math.abs(view.merged.lon - 36.82) < 0.1, `${view.merged.lat},${view.merged.lon}`);
  const after = await dot();
  assert.ok(Math.hypot(after[0] - before[0], after[1] - before[1]) > 3, `the dot moved: ${before} -> ${after}`);
  // Revert from the incident page: back to what extraction says.
  await page.goto(`${base}/#/incident/${id}`);
  await page.waitForSelector('tr.fieldrow[data-field="location"] button.revert');
  await page.click('tr.fieldrow[data-field="location"] button.revert');
  await page.waitForFunction(() => /Mombasa/.test(document.querySelector('tr.fieldrow[data-field="location"] td:nth-child(2)')?.textContent || ""));
  assert.equal(await page.locator('tr.fieldrow[data-field="location"] button.revert').count(), 0);
  assert.deepEqual(await dot(), before);
  // The global audit log lists the city edit, the gazetteer's parts and the revert.
  await page.goto(`${base}/#/audit`);
  await page.waitForSelector("#audit-log tbody tr");
  assert.equal(await page.title(), "Audit log — sitrep");
  const fields = await page.locator("#audit-log tbody tr td:nth-child(4)").allTextContents();
  assert.equal(fields[0], "location (revert)");
  assert.ok(fields.includes("city") && fields.includes("latitude"), fields.join(","));
  await page.close();
});

test("the review queue lists an undated incident and an analyst accepts it", async () => {
  const page = await newPage();
  const queue = await api("/api/review");
  const undated = queue.items.find((i) => i.kind === "no_date");
  assert.ok(undated, "the undated Peshawar blast is in the queue");
  const pesh = await api(`/api/incidents/${undated.incident_id}`);
  assert.equal(pesh.merged.city, "Peshawar");
  await page.goto(`${base}/#/review`);
  await page.waitForSelector("#review tbody tr");
  assert.equal(await page.title(), "Review — sitrep");
  assert.equal(await page.locator("#review tbody tr").count(), queue.total);
  const row = page.locator('#review tr.review-item[data-kind="no_date"]');
  assert.match(await row.locator("td:nth-child(2)").textContent(), /no date/);
  assert.equal(await row.locator("a.fix").getAttribute("href"), `#/incident/${undated.incident_id}`);
  // Without a token the decision is refused and the UI says why.
  await row.locator("button.accept").click();
  await page.waitForSelector("#review-status .error");
  assert.match(await page.locator("#review-status .error").textContent(), /token/);
  await page.fill("#token-input", token);
  await page.click("#token-form button");
  await page.locator('#review tr.review-item[data-kind="no_date"] button.accept').click();
  await page.waitForSelector("#review-status .ok");
  assert.equal(await page.locator('#review tr.review-item[data-kind="no_date"]').count(), 0);
  const after = await api("/api/review");
  assert.equal(after.total, queue.total - 1);
  assert.ok(!after.items.some((i) => i.kind === "no_date" && i.incident_id === undated.incident_id));
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
  await page.waitForSelector("#map g.pt");
  assert.ok(await page.locator("#map path.land").count() > 100, "world outline drawn");
  assert.equal(await page.title(), "Map — sitrep");
  const located = (await api("/api/map")).points.length;
  // Nearby incidents cluster; every located incident is in exactly one point or cluster.
  const counts = await page.locator("#map g.pt").evaluateAll((gs) => gs.map((g) => Number(g.dataset.count)));
  assert.equal(counts.reduce((a, b) => a + b, 0), located);
  assert.ok(counts.some((n) => n > 1), "the two Lyon incidents share a cluster at world zoom");
  assert.ok(await page.locator("#map-legend").isVisible());
  // No ring is drawn across the map at the antimeridian: Russia's and Fiji's rings stay narrow.
  const widest = await page.locator("#map path.land").evaluateAll((ps) => Math.max(...ps
    .filter((p) => /^(Russia|Fiji)$/.test(p.textContent)).map((p) => {
    let w = 0;
    for (const sub of (p.getAttribute("d") || "").split("M").filter(Boolean)) {
      const xs = sub.split("L").map((pt) => Number(pt.replace("Z", "").split(",")[0]));
      w = Math.max(w, Math.max(...xs) - Math.min(...xs));
    }
    return w;
  })));
  assert.ok(widest > 0 && widest < 500, `a land ring spans ${widest} of 1000 units`);
  // Zoom: the view narrows and the Lyon cluster splits into its two incidents.
  const before = await page.locator("#map").getAttribute("viewBox");
  const cluster = page.locator("#map g.cluster").first();
  await cluster.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction((b) => document.querySelector("#map").getAttribute("viewBox") !== b, before);
  await page.click("#zoom-in");
  await page.click("#zoom-in");
  await page.click("#zoom-in");
  await page.waitForFunction(() => document.querySelectorAll("#map g.pt:not(.cluster)").length >= 2);
  // Keyboard: Tab to a single point and open it with Enter.
  const single = page.locator("#map g.pt:not(.cluster)").first();
  const pid = await single.getAttribute("data-id");
  await single.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction((id) => location.hash === "#/incident/" + id, pid);

  await page.goto(`${base}/#/timeline?by=country&bucket=month`);
  await page.waitForSelector("#timeline rect");
  assert.match(await page.locator("#timeline-note").textContent(), /incidents match/);
  // The fatalities metric sums the killed counts.
  await page.goto(`${base}/#/timeline?bucket=month&metric=fatalities`);
  await page.waitForFunction(() => /people killed/.test(document.querySelector("#timeline-note")?.textContent || ""));
  const tl = await api("/api/timeline?bucket=month&metric=fatalities");
  const incs = await api("/api/incidents?limit=1000");
  const dated = incs.items.filter((i) => i.merged.date && i.merged.date.length >= 7);
  assert.equal(tl.series[0].total, dated.reduce((a, i) => a + (i.merged.killed ? i.merged.killed.min : 0), 0));
  // A bar opens the table filtered to its month.
  const bar = page.locator("#timeline rect.bar").first();
  const month = await bar.getAttribute("data-bucket");
  await bar.click();
  await page.waitForFunction((m) => location.hash.startsWith("#/incidents") && location.hash.includes("date_from=" + m), month);
  await page.waitForSelector("#incidents tbody tr");
  const inMonth = await api(`/api/incidents?date_from=${month}&date_to=${month}`);
  assert.equal(await page.locator("#incidents tbody tr").count(), inMonth.total);

  await page.goto(`${base}/#/statements`);
  await page.waitForSelector("#statements");
  // Each statement links to its incident.
  const st = await api("/api/statements");
  const linked = st.items.find((x) => x.incident_ids.length > 0);
  assert.ok(linked, "a statement of a reported incident");
  await page.locator(`#statements a.incident-link[href="#/incident/${linked.incident_ids[0]}"]`).first().click();
  await page.waitForSelector("#incident-statements table");
  await page.close();
});

test("search as coders search: aliases, stemming, multi-select through facets, and the filtered CSV", async () => {
  const page = await newPage();
  // Alias: ISIS finds the Islamic State incidents (claimed as "Islamic State" in Mosul, as
  // "Daesh" in Kabul; the Lyon attacker pledged allegiance to it).
  const isis = await api("/api/incidents?group=ISIS");
  assert.equal(isis.total, 3, "Mosul, Kabul and Lyon");
  for (const it of isis.items) assert.ok(it.merged.groups.some((g) => g.name === "Islamic State"));
  await page.goto(`${base}/#/incidents`);
  await page.waitForSelector("#incidents tbody tr");
  assert.equal(await page.title(), "Incidents — sitrep");
  await page.fill("#f-group", "ISIS");
  await page.click("#apply");
  await page.waitForFunction(() => document.querySelector("#count")?.textContent.endsWith(" of 3"));
  const groups = await page.locator("#incidents tbody tr td:nth-child(7)").allTextContents();
  assert.deepEqual(groups, ["Islamic State", "Islamic State", "Islamic State"]);
  // Facets beside the filters count the current filter.
  assert.equal(await page.locator("#facets [data-facet=country] button").count(), 3);

  // The Download menu takes the filtered view away as GTD CSV.
  await page.click("#download summary");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
  assert.equal(download.suggestedFilename(), "incidents.csv");
  const csv = readFileSync(await download.path(), "utf8").trim().split("\n");
  const head = csv[0].split(",");
  assert.equal(csv.length, 4, "header and the three ISIS incidents");
  const city = head.indexOf("city"), gname = head.indexOf("gname");
  const cities = csv.slice(1).map((l) => l.split(",")[city]).sort();
  assert.deepEqual(cities, ["Kabul", "Lyon", "Mosul"]);
  for (const l of csv.slice(1)) assert.equal(l.split(",")[gname], "Islamic State");

  // Multi-select: choose two countries in the facets.
  await page.goto(`${base}/#/incidents`);
  // The unfiltered page has replaced the filtered one (no stale form or facets).
  await page.waitForFunction(() => document.querySelector("#f-group")?.value === "" && document.querySelector("#facets"));
  await page.click('#facets [data-facet=country] button[data-value="IQ"]');
  await page.waitForFunction(() => document.querySelector("#count")?.textContent.endsWith(" of 1"));
  await page.click('#facets [data-facet=country] button[data-value="AF"]');
  await page.waitForFunction(() => location.hash.includes("country=IQ") && location.hash.includes("country=AF"));
  await page.waitForFunction(() => document.querySelector("#count")?.textContent.endsWith(" of 2"));
  const places = await page.locator("#incidents tbody tr td:nth-child(3)").allTextContents();
  assert.equal(places.filter((p) => /Iraq|Afghanistan/.test(p)).length, 2);
  assert.equal(await page.locator("#f-country").inputValue(), "IQ, AF");

  // Stemming: "bombings" finds the reports that say "bomb" or "bombing".
  const stem = await api("/api/incidents?q=bombings");
  assert.ok(stem.total >= 3, `bombings -> ${stem.total}`);
  await page.goto(`${base}/#/incidents`);
  await page.waitForFunction(() => document.querySelector("#f-country")?.value === "" && document.querySelector("#incidents tbody tr"));
  await page.fill("#f-q", "bombings");
  await page.click("#apply");
  await page.waitForFunction((n) => document.querySelector("#count")?.textContent.endsWith(" of " + n), stem.total);
  // Prefix, OR and NOT.
  const tram = await api("/api/incidents?q=tram&city=Lyon");
  assert.ok(tram.total >= 1, "the tram stabbing");
  const lyon = await api("/api/incidents?q=Lyon");
  const notTram = await api("/api/incidents?q=Lyon%20-tram");
  assert.ok(notTram.total < lyon.total);
  for (const t of tram.items) assert.ok(!notTram.items.some((i) => i.id === t.id), "Lyon -tram leaves the tram stabbing out");
  const either = await api("/api/incidents?q=tram%20OR%20Mombasa");
  assert.equal(either.total, tram.total + (await api("/api/incidents?q=Mombasa")).total);
  assert.ok((await api("/api/incidents?q=knif*")).total >= 1, "knif* finds knife");
  await page.close();
});

test("an analyst merges two incidents, splits a report off, and undoes both", async () => {
  const page = await newPage();
  const before = (await api("/api/incidents")).total;
  const mosul = (await api("/api/incidents?city=Mosul")).items[0].id;
  const kabul = (await api("/api/incidents?city=Kabul")).items[0].id;
  await page.goto(`${base}/#/incident/${mosul}`);
  await page.waitForSelector("#merge-form");
  await page.fill("#token-input", token);
  await page.click("#token-form button");
  // Merge the Mosul incident into the Kabul one.
  await page.fill("#merge-into", String(kabul));
  await page.click("#merge-submit");
  await page.waitForFunction((id) => location.hash === "#/incident/" + id, kabul);
  await page.waitForSelector("#op-flash #undo");
  assert.equal((await api(`/api/incidents/${kabul}`)).sources.length, 2);
  assert.equal((await fetch(`${base}/api/incidents/${mosul}`)).status, 404);
  assert.equal((await api("/api/incidents")).total, before - 1);
  // Split the Mosul report off again, into an incident of its own; then undo the split.
  await page.goto(`${base}/#/incidents`);
  await page.goto(`${base}/#/incident/${kabul}`);
  await page.waitForSelector("#incident-sources button.split");
  const mosulRow = page.locator("#incident-sources tr", { hasText: "Mosul" });
  await mosulRow.locator("button.split").click();
  await page.waitForSelector("#op-flash #undo");
  const newId = Number(await page.evaluate(() => location.hash.split("/")[2]));
  assert.ok(newId !== kabul && newId !== mosul, `a new incident: ${newId}`);
  const split = await api(`/api/incidents/${newId}`);
  assert.equal(split.sources.length, 1);
  assert.equal(split.merged.city, "Mosul");
  await page.click("#op-flash #undo");
  await page.waitForFunction((id) => location.hash === "#/incident/" + id, kabul);
  await page.waitForSelector("#incident-sources");
  assert.equal((await api(`/api/incidents/${kabul}`)).sources.length, 2);
  assert.equal((await fetch(`${base}/api/incidents/${newId}`)).status, 404);
  // Undo the merge from the operations list: both incidents are back under their ids.
  const ops = await api("/api/operations");
  assert.deepEqual(ops.items.slice(0, 2).map((o) => [o.kind, o.by, Boolean(o.undone_at)]),
    [["split", "E2E Analyst", true], ["merge", "E2E Analyst", false]]);
  const undo = await fetch(`${base}/api/operations/${ops.items[1].id}/undo`, { method: "POST", headers: { Authorization: "Bearer " + token } });
  assert.equal(undo.status, 200);
  assert.equal((await api(`/api/incidents/${mosul}`)).merged.city, "Mosul");
  assert.equal((await api(`/api/incidents/${kabul}`)).sources.length, 1);
  assert.equal((await api("/api/incidents")).total, before);
  await page.close();
});

test("claims read as words, sources link to their documents, statements sit on their incident", async () => {
  const page = await newPage();
  const id = (await api("/api/incidents?city=Kabul")).items[0].id;
  await page.goto(`${base}/#/incident/${id}`);
  await page.waitForSelector('tr.fieldrow[data-field="claimed"]');
  assert.equal(await page.title(), `Incident #${id} — sitrep`);
  const claim = await page.locator('tr.fieldrow[data-field="claimed"] td:nth-child(2)').textContent();
  assert.equal(claim, "yes — Amaq");
  assert.ok(!/[{}]/.test(await page.locator("#fields").textContent()), "no raw JSON in the values");
  // Keyboard: Tab to a field row and press Enter to highlight its evidence.
  await page.locator('tr.fieldrow[data-field="killed"]').focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("mark.active");
  // A source's document has a page of its own, linking back to the incident.
  await page.click("#sources h3 a");
  await page.waitForSelector("#document-title");
  assert.equal(await page.title(), "Document #" + (await page.evaluate(() => location.hash.split("/")[2])) + " — sitrep");
  await page.click(`a.incident-link[href="#/incident/${id}"]`);
  await page.waitForSelector("#incident-statements");
  await page.close();
  assert.deepEqual(offsite, [], "no request left 127.0.0.1");
  assert.deepEqual(consoleErrors.filter((e) => !/status of 40[013]/.test(e)), [], "no console errors but the refusals the tests provoke (CSP refusals included)");
});
