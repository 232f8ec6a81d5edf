// sitrep web UI. No framework, no third-party code.
//
// Safety rule: data from the store (article text, titles, names) is only
// ever inserted with textContent or as attribute values through the DOM;
// innerHTML is never used. The server also sends a strict CSP.
"use strict";

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"];
const SVG_NS = "http://www.w3.org/2000/svg";
const FILTER_KEYS = ["q", "date_from", "date_to", "country", "city", "group", "attack_type",
  "weapon_type", "target_type", "min_killed", "claimed"];
let META = null;
let WORLD = null;

// ---------- DOM helpers ----------

/** Creates an element; `attrs` become properties/attributes, children are nodes or strings (as text). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function main() { return document.getElementById("main"); }

function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes);
}

function errorBox(msg) { return el("div", { class: "error", role: "alert", text: msg }); }

// ---------- API ----------

async function api(path, opts) {
  const res = await fetch(path, opts);
  let body = null;
  try { body = await res.json(); } catch (_) { body = null; }
  if (!res.ok) {
    const msg = body && typeof body.error === "string" ? body.error : `HTTP ${res.status}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

function token() { return sessionStorage.getItem("sitrep-token") || ""; }

// ---------- routing ----------

function parseHash() {
  const h = location.hash.replace(/^#/, "") || "/incidents";
  const [path, qs] = h.split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(qs || "") };
}

function go(path, params) {
  const qs = params ? params.toString() : "";
  location.hash = "#" + path + (qs ? "?" + qs : "");
}

async function route() {
  const { parts, params } = parseHash();
  const page = parts[0] || "incidents";
  for (const a of document.querySelectorAll("header nav a")) {
    a.classList.toggle("active", a.id === "nav-" + (page === "incident" ? "incidents" : page));
  }
  try {
    if (!META) META = await api("/api/meta");
    if (page === "incidents") await incidentsPage(params);
    else if (page === "incident" && parts[1]) await incidentPage(parts[1]);
    else if (page === "map") await mapPage(params);
    else if (page === "timeline") await timelinePage(params);
    else if (page === "statements") await statementsPage(params);
    else show(errorBox("Unknown page."));
  } catch (e) {
    show(errorBox(e.message));
  }
}

// ---------- formatting ----------

function fmtCount(c) {
  if (!c) return "";
  if (c.max === null || c.max === undefined) return c.min + "+";
  return c.min === c.max ? String(c.min) : `${c.min}–${c.max}`;
}

function fmtPlace(m) {
  return [m.city, m.region, m.country].filter(Boolean).join(", ");
}

function fmtValue(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(fmtValue).join("; ");
  if (typeof v === "object") {
    if ("min" in v && "max" in v) return fmtCount(v);
    if ("name" in v && "relation" in v) return `${v.name} (${v.relation})`;
    if ("city" in v || "country" in v) return fmtPlace(v) || JSON.stringify(v);
    return JSON.stringify(v);
  }
  return String(v);
}

// ---------- filters ----------

function select(name, label, options, current) {
  const s = el("select", { name, id: "f-" + name });
  s.append(el("option", { value: "", text: "any" }));
  for (const o of options) {
    const [value, text] = Array.isArray(o) ? o : [o, o.replace(/_/g, " ")];
    s.append(el("option", { value, text, selected: current === value }));
  }
  return el("label", {}, label, s);
}

function input(name, label, params, type) {
  return el("label", {}, label,
    el("input", { name, id: "f-" + name, type: type || "text", value: params.get(name) || "" }));
}

/** The shared filter form; `extra` adds page-specific controls; submitting updates the hash. */
function filterForm(path, params, extra) {
  const form = el("form", { class: "filters", id: "filters" },
    input("q", "Text", params, "search"),
    input("date_from", "From (YYYY[-MM[-DD]])", params),
    input("date_to", "To", params),
    input("country", "Country", params),
    input("city", "City", params),
    input("group", "Group", params),
    select("attack_type", "Attack type", META.attack_types, params.get("attack_type")),
    select("weapon_type", "Weapon type", META.weapon_types, params.get("weapon_type")),
    select("target_type", "Target type", META.target_types, params.get("target_type")),
    input("min_killed", "Killed ≥", params, "number"),
    select("claimed", "Claimed", [["true", "yes"], ["false", "no"]], params.get("claimed")),
    ...(extra || []),
    el("button", { type: "submit", id: "apply" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) p.set(k, String(v).trim());
    go(path, p);
  });
  return form;
}

function filterParams(params, keep) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS.concat(keep || [])) if (params.get(k)) p.set(k, params.get(k));
  return p;
}

// ---------- incidents table ----------

async function incidentsPage(params) {
  const limit = Number(params.get("limit")) || 50;
  const p = filterParams(params, ["sort", "offset"]);
  p.set("limit", String(limit));
  const sort = select("sort", "Sort", [["date_desc", "newest"], ["date_asc", "oldest"],
    ["killed", "most killed"], ["sources", "most sources"], ["id", "id"]], params.get("sort"));
  const form = filterForm("/incidents", params, [sort]);
  let page;
  try { page = await api("/api/incidents?" + p.toString()); } catch (e) { show(form, errorBox(e.message)); return; }
  const rows = page.items.map((it) => {
    const m = it.merged;
    const tr = el("tr", { class: "clickable", dataset: { id: it.id } },
      el("td", {}, el("a", { href: "#/incident/" + it.id, text: "#" + it.id })),
      el("td", { text: m.date || "" }),
      el("td", { text: fmtPlace(m) }),
      el("td", {}, m.attack_types.map((a) => el("span", { class: "tag", text: a.replace(/_/g, " ") }))),
      el("td", { text: fmtCount(m.killed) }),
      el("td", { text: fmtCount(m.injured) }),
      el("td", { text: m.groups.map((g) => g.name).join(", ") }),
      el("td", { text: m.summary || "" }),
      el("td", { text: String(it.reports) + (it.mentions ? ` (+${it.mentions})` : "") }),
      el("td", {}, it.edited ? el("span", { class: "edited", text: "edited" }) : ""));
    tr.addEventListener("click", (ev) => { if (ev.target.tagName !== "A") go("/incident/" + it.id); });
    return tr;
  });
  const table = el("table", { id: "incidents" },
    el("thead", {}, el("tr", {}, ["ID", "Date", "Place", "Attack", "Killed", "Injured", "Groups", "Summary", "Sources", ""]
      .map((h) => el("th", { text: h })))),
    el("tbody", {}, rows));
  show(form, pager("/incidents", params, page), table);
}

function pager(path, params, page) {
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.items.length;
  const nav = (off) => () => { const p = new URLSearchParams(params); p.set("offset", String(Math.max(0, off))); go(path, p); };
  return el("div", { class: "pager" },
    el("span", { id: "count", text: `${from}–${to} of ${page.total}` }),
    el("button", { type: "button", disabled: page.offset === 0, onclick: nav(page.offset - page.limit) }, "◀ Previous"),
    el("button", { type: "button", disabled: to >= page.total, onclick: nav(page.offset + page.limit) }, "Next ▶"));
}

// ---------- incident page ----------

/**
 * Splits `text` at evidence byte offsets (UTF-8) and returns DOM nodes:
 * plain text nodes and <mark> elements carrying the fields they support.
 * Spans outside the text or not on character boundaries are skipped and counted.
 */
function highlighted(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder("utf-8");
  const isBoundary = (i) => i === 0 || i === bytes.length || (bytes[i] & 0xc0) !== 0x80;
  const good = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) &&
    s.start >= 0 && s.end <= bytes.length && s.start < s.end && isBoundary(s.start) && isBoundary(s.end));
  const cuts = new Set([0, bytes.length]);
  for (const s of good) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = dec.decode(bytes.subarray(a, b));
    const cover = good.filter((s) => s.start <= a && s.end >= b);
    if (cover.length === 0) { nodes.push(document.createTextNode(piece)); continue; }
    const fields = [...new Set(cover.map((s) => s.field))];
    nodes.push(el("mark", { title: fields.join(", "), dataset: { fields: fields.join(" ") }, text: piece }));
  }
  return { nodes, skipped: spans.length - good.length };
}

async function incidentPage(idRaw) {
  const id = Number(idRaw);
  if (!Number.isInteger(id) || id <= 0) { show(errorBox("Invalid incident id.")); return; }
  const view = await api("/api/incidents/" + id);
  const docIds = [...new Set(view.sources.map((s) => s.document_id))];
  const docs = await Promise.all(docIds.map((d) => api("/api/documents/" + d).catch((e) => ({ id: d, error: e.message }))));
  renderIncident(view, docs);
}

function renderIncident(view, docs, flash) {
  const m = view.merged;
  const title = el("h2", { id: "incident-title" }, `#${view.id} `, m.summary || "(no summary)");

  // Fields with their values, rules and each source's evidence.
  const fieldRows = view.fields.map((f) => {
    const srcs = f.sources.map((s) => el("div", {},
      el("span", { class: "muted", text: `${s.doc_id}: ` }), fmtValue(s.value), " ",
      s.evidence.map((e) => el("span", { class: "quote", text: `“${e.text}” ` })),
      s.excluded ? el("span", { class: "excluded", text: `(not counted: ${s.excluded})` }) : ""));
    const tr = el("tr", { class: "fieldrow", dataset: { field: f.field } },
      el("td", { text: f.field }),
      el("td", { class: f.rule === "edited" ? "edited" : "", text: fmtValue(f.value) }),
      el("td", { class: "muted", text: f.rule.replace(/_/g, " ") + (f.rule === "edited" ? ` (was ${fmtValue(f.extracted)})` : "") }),
      el("td", {}, srcs));
    tr.addEventListener("click", () => activateField(f.field));
    return tr;
  });
  const fields = el("div", { class: "panel" }, el("h3", { text: "Values" }),
    el("p", { class: "muted", text: "Click a value to highlight its evidence in the source texts." }),
    el("table", { id: "fields" }, el("thead", {}, el("tr", {}, ["Field", "Value", "Rule", "Sources and evidence"].map((h) => el("th", { text: h })))),
      el("tbody", {}, fieldRows)));

  // Correction form.
  const fieldSel = el("select", { name: "field", id: "edit-field" },
    META.editable_fields.map((f) => el("option", { value: f.name, text: f.name })));
  const syntax = el("span", { class: "muted", id: "edit-syntax" });
  const setSyntax = () => { const f = META.editable_fields.find((x) => x.name === fieldSel.value); syntax.textContent = f ? f.syntax : ""; };
  fieldSel.addEventListener("change", setSyntax);
  setSyntax();
  const status = el("div", { id: "edit-status" });
  if (flash) status.append(flash);
  const editForm = el("form", { class: "edit", id: "edit-form" },
    el("label", {}, "Field", fieldSel),
    el("label", {}, "New value", el("input", { name: "value", id: "edit-value", autocomplete: "off" })),
    el("label", {}, "Note", el("input", { name: "note", id: "edit-note", autocomplete: "off" })),
    el("button", { type: "submit", id: "edit-submit" }, "Save correction"), syntax);
  editForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData(editForm);
    const t = token();
    const headers = { "Content-Type": "application/json" };
    if (t) headers.Authorization = "Bearer " + t;
    try {
      const res = await api(`/api/incidents/${view.id}/edits`, {
        method: "POST", headers,
        body: JSON.stringify({ field: fd.get("field"), value: fd.get("value"), note: fd.get("note") || null }),
      });
      renderIncident(res.incident, docs, el("div", { class: "ok", text: `Saved edit #${res.edit_id}.` }));
    } catch (e) {
      status.replaceChildren(errorBox(e.status === 401 ? "Enter a write token (top right) first: " + e.message : e.message));
    }
  });
  const edits = el("div", { class: "panel" }, el("h3", { text: "Correct a value" }), editForm, status,
    el("h3", { text: "Audit trail" }),
    view.edits.length === 0 ? el("p", { class: "muted", id: "audit-empty", text: "No edits yet." }) :
      el("table", { id: "audit" }, el("thead", {}, el("tr", {}, ["When", "Who", "Field", "Before", "After", "Note"].map((h) => el("th", { text: h })))),
        el("tbody", {}, view.edits.map((e) => el("tr", {},
          el("td", { text: e.at }), el("td", { text: e.by }), el("td", { text: e.field }),
          el("td", { text: fmtValue(e.old_value) }), el("td", { text: fmtValue(e.new_value) }), el("td", { text: e.note || "" }))))));

  // Source texts with every field's evidence highlighted.
  const docPanels = docs.map((d) => {
    if (d.error) return el("div", { class: "panel" }, errorBox(`Document ${d.id}: ${d.error}`));
    const spans = [];
    for (const f of view.fields) for (const s of f.sources) {
      if (s.document_id !== d.id) continue;
      for (const e of s.evidence) spans.push({ start: e.start, end: e.end, field: f.field });
    }
    const { nodes, skipped } = highlighted(d.text, spans);
    const role = view.sources.filter((s) => s.document_id === d.id).map((s) => s.role).join(", ");
    return el("div", { class: "panel source", dataset: { documentId: d.id } },
      el("h3", {}, d.title || d.doc_id),
      el("p", { class: "muted", text: `${d.source} · published ${d.published || "unknown"} · ${role}` }),
      skipped ? el("p", { class: "excluded", text: `${skipped} evidence span(s) do not fit this text and are not shown.` }) : "",
      el("div", { class: "doctext" }, nodes));
  });

  const place = fmtPlace(m);
  const facts = el("p", {}, [m.date || "date unknown", place || "place unknown",
    m.killed ? `killed ${fmtCount(m.killed)}` : "", m.injured ? `injured ${fmtCount(m.injured)}` : ""].filter(Boolean).join(" · "));
  show(el("p", {}, el("a", { href: "#/incidents", text: "← Incidents" })), title, facts,
    el("div", { class: "incident-grid" }, el("div", {}, fields, edits), el("div", { id: "sources" }, docPanels)));
}

function activateField(field) {
  for (const r of document.querySelectorAll("tr.fieldrow")) r.classList.toggle("active", r.dataset.field === field);
  let first = null;
  for (const mk of document.querySelectorAll("mark")) {
    const on = (mk.dataset.fields || "").split(" ").includes(field);
    mk.classList.toggle("active", on);
    if (on && !first) first = mk;
  }
  if (first) first.scrollIntoView({ block: "center" });
}

// ---------- map ----------

const MAP_W = 1000, MAP_H = 500;
function project(lon, lat) {
  // Equirectangular: longitude and latitude scaled linearly.
  return [((lon + 180) / 360) * MAP_W, ((90 - lat) / 180) * MAP_H];
}

function ringPath(ring) {
  // A ring crossing the antimeridian (a jump of more than 180° in longitude)
  // is broken there instead of drawing a line across the whole map.
  let d = "", broken = false, prev = null;
  ring.forEach(([lon, lat], i) => {
    const [x, y] = project(lon, lat);
    const jump = prev !== null && Math.abs(lon - prev) > 180;
    if (jump) broken = true;
    d += (i === 0 || jump ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    prev = lon;
  });
  return broken ? d : d + "Z";
}

function worldPaths(world) {
  const out = [];
  for (const f of world.features) {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    const d = polys.map((p) => p.map(ringPath).join("")).join("");
    out.push(svg("path", { class: "land", d }, svg("title", {}, f.properties.name || "")));
  }
  return out;
}

async function mapPage(params) {
  const form = filterForm("/map", params);
  if (!WORLD) WORLD = await api("/assets/world.geojson");
  const layer = await api("/api/map?" + filterParams(params).toString());
  const dots = layer.points.map((pt) => {
    const [x, y] = project(pt.lon, pt.lat);
    const r = 2.5 + Math.sqrt(pt.killed || 0);
    return svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: Math.min(r, 14).toFixed(1), "data-id": pt.id,
      onclick: () => go("/incident/" + pt.id) }, svg("title", {}, `#${pt.id}` + (pt.killed !== null ? ` · killed ${pt.killed}+` : "")));
  });
  const map = svg("svg", { class: "map", id: "map", viewBox: `0 0 ${MAP_W} ${MAP_H}`, role: "img" },
    svg("g", {}, worldPaths(WORLD)), svg("g", {}, dots));
  show(form, el("p", { id: "map-count", text: `${layer.points.length} shown of ${layer.located} located incidents (${layer.total} match; the most deadly are drawn first when capped).` }), map);
}

// ---------- timeline ----------

async function timelinePage(params) {
  const bucket = select("bucket", "Per", [["month", "month"], ["week", "week"]], params.get("bucket") || "month");
  const by = select("by", "Series", [["none", "all incidents"], ["group", "by group"], ["country", "by country"]], params.get("by"));
  const form = filterForm("/timeline", params, [bucket, by]);
  const p = filterParams(params, ["bucket", "by"]);
  let tl;
  try { tl = await api("/api/timeline?" + p.toString()); } catch (e) { show(form, errorBox(e.message)); return; }
  const n = tl.buckets.length;
  const W = 1000, H = 320, L = 40, B = 60, T = 10;
  const stackTotals = tl.buckets.map((_, i) => tl.series.reduce((a, s) => a + s.counts[i], 0));
  const maxY = Math.max(1, ...stackTotals);
  const bw = n ? (W - L - 10) / n : 0;
  const bars = [];
  tl.buckets.forEach((label, i) => {
    let y = H - B;
    tl.series.forEach((s, k) => {
      const c = s.counts[i];
      if (!c) return;
      const h = (c / maxY) * (H - B - T);
      y -= h;
      bars.push(svg("rect", { x: (L + i * bw).toFixed(1), y: y.toFixed(1), width: Math.max(bw - 1, 0.5).toFixed(1), height: h.toFixed(1), fill: PALETTE[k % PALETTE.length] },
        svg("title", {}, `${label} · ${s.name}: ${c}`)));
    });
  });
  const step = Math.max(1, Math.ceil(n / 12));
  const labels = tl.buckets.map((label, i) => i % step === 0 ?
    svg("text", { x: (L + i * bw).toFixed(1), y: H - B + 14 }, label) : null);
  const axis = [svg("text", { x: 2, y: T + 10 }, String(maxY)), svg("text", { x: 2, y: H - B }, "0"),
    svg("line", { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: "#889" })];
  const chart = svg("svg", { class: "chart", id: "timeline", viewBox: `0 0 ${W} ${H}` }, axis, bars, labels);
  const legend = el("div", { class: "legend" }, tl.series.map((s, k) =>
    el("span", {}, el("span", { class: "swatch sw" + (k % 8) }), `${s.name} (${s.total})`)));
  const note = el("p", { class: "muted", id: "timeline-note", text:
    `${tl.total} incidents match; ${tl.undated} undated and ${tl.imprecise} dated less precisely than a ${tl.bucket} are not drawn.` });
  const table = el("details", {}, el("summary", { text: "Table" }),
    el("table", { id: "timeline-table" }, el("thead", {}, el("tr", {}, el("th", { text: tl.bucket }), tl.series.map((s) => el("th", { text: s.name })))),
      el("tbody", {}, tl.buckets.map((b, i) => el("tr", {}, el("td", { text: b }), tl.series.map((s) => el("td", { text: String(s.counts[i]) })))))));
  show(form, note, legend, chart, table);
}

// ---------- statements ----------

async function statementsPage(params) {
  const p = new URLSearchParams();
  for (const k of ["kind", "speaker", "affiliation", "document_id", "incident_id", "offset"]) if (params.get(k)) p.set(k, params.get(k));
  p.set("limit", "50");
  const form = el("form", { class: "filters", id: "statement-filters" },
    select("kind", "Kind", META.statement_kinds, params.get("kind")),
    input("speaker", "Speaker", params), input("affiliation", "Affiliation", params),
    input("incident_id", "Incident id", params, "number"),
    el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) q.set(k, String(v).trim());
    go("/statements", q);
  });
  let page;
  try { page = await api("/api/statements?" + p.toString()); } catch (e) { show(form, errorBox(e.message)); return; }
  const table = el("table", { id: "statements" },
    el("thead", {}, el("tr", {}, ["Kind", "Speaker", "Affiliation", "Document", "Words"].map((h) => el("th", { text: h })))),
    el("tbody", {}, page.items.map((s) => el("tr", {},
      el("td", { text: s.kind.replace(/_/g, " ") }), el("td", { text: s.speaker }), el("td", { text: s.affiliation || "" }),
      el("td", { text: s.doc_id }),
      el("td", {}, s.evidence.map((e) => el("div", { class: "quote", text: `“${e.text}”` })))))));
  show(form, pager("/statements", params, page), table);
}

// ---------- start ----------

function setupToken() {
  const form = document.getElementById("token-form");
  const inp = document.getElementById("token-input");
  const state = document.getElementById("token-state");
  const refresh = () => { state.textContent = token() ? "token set" : "read-only"; };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = inp.value.trim();
    if (v) sessionStorage.setItem("sitrep-token", v); else sessionStorage.removeItem("sitrep-token");
    inp.value = "";
    refresh();
  });
  refresh();
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => { setupToken(); route(); });
