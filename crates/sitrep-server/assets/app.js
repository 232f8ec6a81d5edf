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
// Filters that take several values (repeated parameters: any of them).
const MULTI_KEYS = ["country", "group", "attack_type", "weapon_type", "target_type"];
const TITLES = { incidents: "Incidents", incident: "Incident", map: "Map", timeline: "Timeline",
  statements: "Statements", document: "Document", audit: "Audit log", review: "Review" };
let META = null;
let FLASH = null;
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

/** Shows nodes only while the hash still names `page`: a slow page never draws over the next one. */
function showOn(page, ...nodes) {
  if ((parseHash().parts[0] || "incidents") !== page) return;
  show(...nodes);
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
  document.title = (TITLES[page] || "sitrep") + (parts[1] ? " #" + parts[1] : "") + " — sitrep";
  try {
    if (!META) META = await api("/api/meta");
    if (page === "incidents") await incidentsPage(params);
    else if (page === "document" && parts[1]) await documentPage(parts[1]);
    else if (page === "audit") await auditPage(params);
    else if (page === "review") await reviewPage(params);
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

/** A claim as words: "yes — Amaq, Telegram", "no", "unknown". */
function fmtClaim(c) {
  if (c === null || c === undefined) return "unknown";
  const value = typeof c === "object" ? c.value : c;
  const modes = (typeof c === "object" && Array.isArray(c.modes)) ? c.modes : [];
  if (value === true) return modes.length ? "yes — " + modes.map(fmtMode).join(", ") : "yes";
  if (value === false) return "no";
  return "unknown";
}

function fmtMode(m) {
  const known = { amaq: "Amaq", telegram: "Telegram", albayan: "al-Bayan", al_bayan: "al-Bayan",
    video: "video", website: "website", social_media: "social media", email: "e-mail", call: "phone call",
    letter: "letter", note: "note", twitter: "Twitter", facebook_live: "Facebook Live", personal: "in person" };
  return known[String(m).toLowerCase()] || String(m).replace(/_/g, " ");
}

function fmtValue(v, field) {
  if (field === "claimed") return fmtClaim(v);
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

/** A multi-select of categories: every chosen value becomes a repeated parameter. */
function multiSelect(name, label, options, current) {
  const s = el("select", { name, id: "f-" + name, multiple: true, size: 3, title: "Ctrl-click to choose several" });
  for (const o of options) s.append(el("option", { value: o, text: o.replace(/_/g, " "), selected: current.includes(o) }));
  return el("label", {}, label, s);
}

function input(name, label, params, type) {
  const value = MULTI_KEYS.includes(name) ? params.getAll(name).join(", ") : (params.get(name) || "");
  return el("label", {}, label,
    el("input", { name, id: "f-" + name, type: type || "text", value, title: MULTI_KEYS.includes(name) ? "Several values: separate with commas" : null }));
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
    multiSelect("attack_type", "Attack type", META.attack_types, params.getAll("attack_type")),
    multiSelect("weapon_type", "Weapon type", META.weapon_types, params.getAll("weapon_type")),
    multiSelect("target_type", "Target type", META.target_types, params.getAll("target_type")),
    input("min_killed", "Killed ≥", params, "number"),
    select("claimed", "Claimed", [["true", "yes"], ["false", "no"]], params.get("claimed")),
    ...(extra || []),
    el("button", { type: "submit", id: "apply" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      const parts = (k === "country" || k === "group") ? String(v).split(",") : [String(v)];
      for (const part of parts) if (part.trim()) p.append(k, part.trim());
    }
    go(path, p);
  });
  return form;
}

function filterParams(params, keep) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS.concat(keep || [])) for (const v of params.getAll(k)) if (v) p.append(k, v);
  return p;
}

/** Counts by country, group, attack type and year for the current filter; a click adds or removes the value. */
function facetsPanel(path, params, facets) {
  const toggle = (key, value) => () => {
    const p = new URLSearchParams(params);
    p.delete("offset");
    if (key === "year") {
      if (p.get("date_from") === value && p.get("date_to") === value) { p.delete("date_from"); p.delete("date_to"); }
      else { p.set("date_from", value); p.set("date_to", value); }
    } else {
      const cur = p.getAll(key);
      p.delete(key);
      const next = cur.includes(value) ? cur.filter((x) => x !== value) : cur.concat([value]);
      for (const x of next) p.append(key, x);
    }
    go(path, p);
  };
  const section = (key, title, items) => el("section", { class: "facet", dataset: { facet: key } },
    el("h4", { text: title }),
    items.length === 0 ? el("p", { class: "muted", text: "none" }) :
      el("ul", {}, items.map((f) => {
        const on = key === "year" ? params.get("date_from") === f.value && params.get("date_to") === f.value
          : params.getAll(key).includes(f.value);
        return el("li", {}, el("button", { type: "button", class: on ? "facet-value on" : "facet-value",
          "aria-pressed": on ? "true" : "false", dataset: { value: f.value }, onclick: toggle(key, f.value) },
        el("span", { class: "facet-label", text: f.label }), el("span", { class: "facet-count", text: String(f.count) })));
      })));
  return el("aside", { id: "facets", class: "facets", "aria-label": "Counts for this filter" },
    section("country", "Country", facets.country), section("group", "Group", facets.group),
    section("attack_type", "Attack type", facets.attack_type), section("year", "Year", facets.year));
}

/** The Download menu: the filtered incidents as GTD CSV, JSON Lines or GeoJSON. */
function downloadMenu(params) {
  const q = filterParams(params).toString();
  const link = (ext, text) => el("a", { href: `/api/incidents.${ext}` + (q ? "?" + q : ""), download: `incidents.${ext}`, id: "download-" + ext, text });
  return el("details", { class: "download", id: "download" }, el("summary", { text: "Download" }),
    el("div", { class: "menu" }, link("csv", "GTD CSV"), link("jsonl", "JSON Lines"), link("geojson", "GeoJSON (map)")));
}

// ---------- incidents table ----------

async function incidentsPage(params) {
  const limit = Number(params.get("limit")) || 50;
  const p = filterParams(params, ["sort", "offset"]);
  p.set("limit", String(limit));
  const sort = select("sort", "Sort", [["date_desc", "newest"], ["date_asc", "oldest"],
    ["killed", "most killed"], ["sources", "most sources"], ["id", "id"]], params.get("sort"));
  const form = filterForm("/incidents", params, [sort]);
  let page, facets;
  try {
    [page, facets] = await Promise.all([api("/api/incidents?" + p.toString()), api("/api/facets?" + filterParams(params).toString())]);
  } catch (e) { showOn("incidents", form, errorBox(e.message)); return; }
  const rows = page.items.map((it) => {
    const m = it.merged;
    const tr = el("tr", { class: "clickable", dataset: { id: it.id } },
      el("td", {}, el("a", { href: "#/incident/" + it.id, text: "#" + it.id })),
      el("td", { text: m.date || "" }),
      el("td", { text: fmtPlace(m) }),
      el("td", {}, m.attack_types.map((a) => el("span", { class: "tag", text: a.replace(/_/g, " ") }))),
      el("td", { text: fmtCount(m.killed) }),
      el("td", { text: fmtCount(m.injured) }),
      el("td", { text: [...new Set(m.groups.map((g) => g.name))].join(", ") }),
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
  const bar = el("div", { class: "pager-bar" }, pager("/incidents", params, page), downloadMenu(params));
  showOn("incidents", form, el("div", { class: "with-facets" }, facetsPanel("/incidents", params, facets), el("div", { class: "results" }, bar, table)));
}

function pager(path, params, page) {
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.items.length;
  const nav = (off) => () => { const p = new URLSearchParams(params); p.set("offset", String(Math.max(0, off))); go(path, p); };
  return el("div", { class: "pager" },
    // A capped total (total_capped) is a lower bound: "of 10,000+".
    el("span", { id: "count", text: `${from}–${to} of ${page.total_capped ? page.total.toLocaleString("en-US") + "+" : page.total}` }),
    el("button", { type: "button", disabled: page.offset === 0, onclick: nav(page.offset - page.limit) }, "◀ Previous"),
    el("button", { type: "button", disabled: to >= page.total && !page.total_capped, onclick: nav(page.offset + page.limit) }, "Next ▶"));
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

function authHeaders() {
  const t = token();
  const headers = { "Content-Type": "application/json" };
  if (t) headers.Authorization = "Bearer " + t;
  return headers;
}

/** Runs a merge, split or unlink; then opens `target` with an Undo button in the flash. */
async function runOperation(path, body, status, target) {
  try {
    const res = await api(path, { method: "POST", headers: authHeaders(), body: JSON.stringify(body) });
    const where = target(res);
    FLASH = { op: res.operation_id, text: `Done (operation #${res.operation_id}).`, back: location.hash };
    if (location.hash === "#" + where) route(); else go(where);
  } catch (e) {
    status.replaceChildren(errorBox(e.status === 401 ? "Enter a write token (top right) first: " + e.message : e.message));
  }
}

/** The flash after an operation, with its Undo button. */
function operationFlash() {
  if (!FLASH) return null;
  const f = FLASH;
  FLASH = null;
  const box = el("div", { class: "ok", id: "op-flash" }, f.text + " ",
    el("button", { type: "button", id: "undo", onclick: async () => {
      try {
        await api(`/api/operations/${f.op}/undo`, { method: "POST", headers: authHeaders() });
        location.hash = f.back;
      } catch (e) { box.replaceChildren(errorBox(e.message)); }
    } }, "Undo"));
  return box;
}

/** Sends one correction (set, revert or a source's value); re-renders the incident or shows why not. */
async function sendEdit(view, docs, body, status) {
  const t = token();
  const headers = { "Content-Type": "application/json" };
  if (t) headers.Authorization = "Bearer " + t;
  try {
    const res = await api(`/api/incidents/${view.id}/edits`, { method: "POST", headers, body: JSON.stringify(body) });
    renderIncident(res.incident, docs, el("div", { class: "ok", text: `Saved edit #${res.edit_id}.` }));
  } catch (e) {
    status.replaceChildren(errorBox(e.status === 401 ? "Enter a write token (top right) first: " + e.message : e.message));
    status.scrollIntoView({ block: "nearest" });
  }
}

function renderIncident(view, docs, flash) {
  const m = view.merged;
  const status = el("div", { id: "edit-status" });
  if (flash) status.append(flash);
  const title = el("h2", { id: "incident-title" }, `#${view.id} `, m.summary || "(no summary)");

  // Fields with their values, rules and each source's evidence.
  const fieldRows = view.fields.map((f) => {
    const srcs = f.sources.map((s) => el("div", {},
      el("a", { href: "#/document/" + s.document_id, class: "muted", text: `${s.doc_id}` }), ": ", fmtValue(s.value, f.field), " ",
      s.evidence.map((e) => el("span", { class: "quote", text: `“${e.text}” ` })),
      s.excluded ? el("span", { class: "excluded", text: `(not counted: ${s.excluded})` }) : "",
      f.field === "summary" || s.agrees ? "" : el("button", { type: "button", class: "use-source small", dataset: { report: s.report_id },
        title: `Use the value ${s.doc_id} gives`, onclick: (ev) => { ev.stopPropagation(); sendEdit(view, docs, { field: f.field, from_report: s.report_id }, status); } }, "use this")));
    const tr = el("tr", { class: "fieldrow", tabindex: 0, dataset: { field: f.field } },
      el("td", { text: f.field }),
      el("td", { class: f.rule === "edited" ? "edited" : "", text: fmtValue(f.value, f.field) }),
      el("td", { class: "muted" }, f.rule.replace(/_/g, " ") + (f.rule === "edited" ? ` (extraction says ${fmtValue(f.extracted, f.field)}) ` : ""),
        f.rule === "edited" ? el("button", { type: "button", class: "revert small", dataset: { field: f.field },
          onclick: (ev) => { ev.stopPropagation(); sendEdit(view, docs, { field: f.field, revert: true }, status); } }, "revert") : ""),
      el("td", {}, srcs));
    tr.addEventListener("click", (ev) => { if (ev.target.tagName !== "A") activateField(f.field); });
    tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); activateField(f.field); } });
    return tr;
  });
  const fields = el("div", { class: "panel" }, el("h3", { text: "Values" }),
    el("p", { class: "muted", text: "Click a value (or Tab to it and press Enter) to highlight its evidence in the source texts." }),
    el("table", { id: "fields" }, el("thead", {}, el("tr", {}, ["Field", "Value", "Rule", "Sources and evidence"].map((h) => el("th", { text: h })))),
      el("tbody", {}, fieldRows)));

  // Correction form.
  const fieldSel = el("select", { name: "field", id: "edit-field" },
    META.editable_fields.map((f) => el("option", { value: f.name, text: f.name })));
  const syntax = el("span", { class: "muted", id: "edit-syntax" });
  const setSyntax = () => { const f = META.editable_fields.find((x) => x.name === fieldSel.value); syntax.textContent = f ? f.syntax : ""; };
  fieldSel.addEventListener("change", setSyntax);
  setSyntax();
  const keep = el("label", { class: "inline", title: "For a city: keep region and coordinates instead of looking the city up" },
    el("input", { type: "checkbox", name: "keep_place", id: "edit-keep-place" }), "keep place");
  const editForm = el("form", { class: "edit", id: "edit-form" },
    el("label", {}, "Field", fieldSel),
    el("label", {}, "New value", el("input", { name: "value", id: "edit-value", autocomplete: "off" })),
    el("label", {}, "Note", el("input", { name: "note", id: "edit-note", autocomplete: "off" })),
    keep, el("button", { type: "submit", id: "edit-submit" }, "Save correction"), syntax);
  editForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(editForm);
    sendEdit(view, docs, { field: fd.get("field"), value: fd.get("value"), note: fd.get("note") || null,
      keep_place: fd.get("keep_place") === "on" }, status);
  });
  const edits = el("div", { class: "panel" }, el("h3", { text: "Correct a value" }), editForm, status,
    el("h3", {}, "Audit trail ", el("a", { href: "#/audit", class: "small", text: "(all incidents)" })),
    view.edits.length === 0 ? el("p", { class: "muted", id: "audit-empty", text: "No edits yet." }) :
      el("table", { id: "audit" }, el("thead", {}, el("tr", {}, ["When", "Who", "Field", "Before", "After", "Note"].map((h) => el("th", { text: h })))),
        el("tbody", {}, view.edits.map((e) => el("tr", {},
          el("td", { text: e.at }), el("td", { text: e.by }), el("td", { text: e.kind === "revert" ? e.field + " (revert)" : e.field }),
          el("td", { text: fmtValue(e.old_value, e.field) }), el("td", { text: fmtValue(e.new_value, e.field) }), el("td", { text: e.note || "" }))))));

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
      el("h3", {}, el("a", { href: "#/document/" + d.id, text: d.title || d.doc_id })),
      el("p", { class: "muted" }, sourceLink(d.source), ` · published ${d.published || "unknown"} · ${role}`),
      skipped ? el("p", { class: "excluded", text: `${skipped} evidence span(s) do not fit this text and are not shown.` }) : "",
      el("div", { class: "doctext" }, nodes));
  });

  const place = fmtPlace(m);
  const facts = el("p", {}, [m.date || "date unknown", place || "place unknown",
    m.killed ? `killed ${fmtCount(m.killed)}` : "", m.injured ? `injured ${fmtCount(m.injured)}` : ""].filter(Boolean).join(" · "));
  const stmts = el("div", { class: "panel", id: "incident-statements" }, el("h3", { text: "Statements" }), el("p", { class: "muted", text: "Loading…" }));
  // Sources: split a report off, unlink a mention, merge this incident into another.
  const nReports = view.sources.filter((x) => x.role === "report").length;
  const opStatus = el("div", { id: "op-status" });
  const mergeInput = el("input", { id: "merge-into", type: "number", min: 1, placeholder: "incident id" });
  const mergeForm = el("form", { class: "edit", id: "merge-form" }, el("label", {}, "Merge this incident into #", mergeInput),
    el("button", { type: "submit", id: "merge-submit" }, "Merge"));
  mergeForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    runOperation(`/api/incidents/${view.id}/merge`, { into: Number(mergeInput.value) }, opStatus, (r) => "/incident/" + r.incident.id);
  });
  const sourcesPanel = el("div", { class: "panel", id: "incident-sources" }, el("h3", { text: "Sources" }),
    el("table", { id: "sources-table" }, el("tbody", {}, view.sources.map((x) => el("tr", { dataset: { report: x.report_id } },
      el("td", {}, el("a", { href: "#/document/" + x.document_id, text: x.title || x.doc_id })),
      el("td", { class: "muted", text: x.role + (x.match_score !== null && x.match_score !== undefined ? ` · match ${x.match_score.toFixed(2)}` : "") }),
      el("td", {}, x.role === "report" && nReports > 1 ? el("button", { type: "button", class: "split small",
        onclick: () => runOperation(`/api/incidents/${view.id}/split`, { report_id: x.report_id }, opStatus, (r) => "/incident/" + r.incident_id) }, "split off") :
        x.role === "mention" ? el("button", { type: "button", class: "unlink small",
          onclick: () => runOperation(`/api/incidents/${view.id}/unlink`, { report_id: x.report_id }, opStatus, () => "/incident/" + view.id) }, "unlink") : ""))))),
    mergeForm, opStatus);
  // A page the analyst has left is not drawn over the one they went to.
  if (location.hash.split("?")[0] !== "#/incident/" + view.id) return;
  show(el("p", {}, el("a", { href: "#/incidents", text: "← Incidents" })), title, facts,
    operationFlash(),
    el("div", { class: "incident-grid" }, el("div", {}, fields, edits, sourcesPanel, stmts), el("div", { id: "sources" }, docPanels)));
  api("/api/statements?limit=100&incident_id=" + view.id).then((page) => {
    stmts.replaceChildren(el("h3", { text: "Statements" }), page.items.length === 0 ? el("p", { class: "muted", text: "No statements." }) :
      statementTable(page.items));
  }).catch((e) => stmts.replaceChildren(el("h3", { text: "Statements" }), errorBox(e.message)));
}

/** A source as a link when it is a web address (opened without a referrer), else as text. */
function sourceLink(source) {
  if (/^https?:\/\//i.test(source || "")) return el("a", { href: source, rel: "noopener noreferrer", target: "_blank", class: "source-link", text: source });
  return el("span", { text: source || "" });
}

function statementTable(items) {
  return el("table", { class: "statements" },
    el("thead", {}, el("tr", {}, ["Kind", "Speaker", "Affiliation", "Document", "Incident", "Words"].map((h) => el("th", { text: h })))),
    el("tbody", {}, items.map((s) => el("tr", {},
      el("td", { text: s.kind.replace(/_/g, " ") }), el("td", { text: s.speaker }), el("td", { text: s.affiliation || "" }),
      el("td", {}, el("a", { href: "#/document/" + s.document_id, text: s.doc_id })),
      el("td", {}, (s.incident_ids || []).map((i) => el("a", { href: "#/incident/" + i, class: "incident-link", text: "#" + i + " " }))),
      el("td", {}, s.evidence.map((e) => el("div", { class: "quote", text: `“${e.text}”` })))))));
}

// ---------- review queue ----------

const REVIEW_KINDS = [["unlinked_mention", "background mention not linked"], ["low_match", "low match score"],
  ["conflict", "sources disagree"], ["learned", "filled by the learned model"], ["no_place", "no place"], ["no_date", "no date"]];

async function reviewPage(params) {
  const p = new URLSearchParams();
  p.set("limit", "50");
  for (const k of ["kind", "offset"]) if (params.get(k)) p.set(k, params.get(k));
  const kindSel = select("kind", "Kind", REVIEW_KINDS, params.get("kind"));
  const form = el("form", { class: "filters", id: "review-filters" }, kindSel, el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    const k = new FormData(form).get("kind");
    if (k) q.set("kind", String(k));
    go("/review", q);
  });
  const status = el("div", { id: "review-status" });
  const page = await api("/api/review?" + p.toString());
  const decide = (it, decision) => async () => {
    const t = token();
    const headers = { "Content-Type": "application/json" };
    if (t) headers.Authorization = "Bearer " + t;
    try {
      await api("/api/review", { method: "POST", headers, body: JSON.stringify({ kind: it.kind, incident_id: it.incident_id,
        report_id: it.report_id, field: it.field, decision }) });
      await reviewPage(params);
      const s = document.getElementById("review-status");
      if (s) s.replaceChildren(el("div", { class: "ok", text: `${decision === "accept" ? "Accepted" : "Rejected"}: ${it.reason}` }));
    } catch (e) {
      status.replaceChildren(errorBox(e.status === 401 ? "Enter a write token (top right) first: " + e.message : e.message));
    }
  };
  const label = Object.fromEntries(REVIEW_KINDS);
  const rows = page.items.map((it) => el("tr", { class: "review-item", dataset: { kind: it.kind } },
    el("td", { text: label[it.kind] || it.kind }),
    el("td", { text: it.reason }),
    el("td", {}, it.incident_id ? el("a", { href: "#/incident/" + it.incident_id, text: "#" + it.incident_id }) : "—"),
    el("td", {}, it.document_id ? el("a", { href: "#/document/" + it.document_id, text: "document " + it.document_id }) : ""),
    el("td", { class: "actions" },
      el("button", { type: "button", class: "accept", onclick: decide(it, "accept") }, "Accept"),
      el("button", { type: "button", class: "reject", onclick: decide(it, "reject") }, "Reject"),
      el("a", { class: "fix", href: it.incident_id ? "#/incident/" + it.incident_id : "#/document/" + it.document_id, text: "Fix…" }))));
  const table = el("table", { id: "review" },
    el("thead", {}, el("tr", {}, ["What", "Why", "Incident", "Source", ""].map((h) => el("th", { text: h })))),
    el("tbody", {}, rows));
  showOn("review", el("h2", { text: "Review queue" }),
    el("p", { class: "muted", text: "What needs a human. Accept keeps the value or link as it is, Reject records that it is wrong; both are audited. Fix opens the incident (use a source's value, correct, revert) or the document." }),
    form, status, pager("/review", params, page), table);
}

// ---------- audit log ----------

async function auditPage(params) {
  const p = new URLSearchParams();
  p.set("limit", "50");
  if (params.get("offset")) p.set("offset", params.get("offset"));
  const page = await api("/api/edits?" + p.toString());
  const table = el("table", { id: "audit-log" },
    el("thead", {}, el("tr", {}, ["When", "Who", "Incident", "Field", "Before", "After", "Note"].map((h) => el("th", { text: h })))),
    el("tbody", {}, page.items.map((e) => el("tr", {},
      el("td", { text: e.at }), el("td", { text: e.by }),
      el("td", {}, el("a", { href: "#/incident/" + e.incident_id, text: "#" + e.incident_id })),
      el("td", { text: e.kind === "revert" ? e.field + " (revert)" : e.field }),
      el("td", { text: fmtValue(e.old_value, e.field) }), el("td", { text: fmtValue(e.new_value, e.field) }),
      el("td", { text: e.note || "" })))));
  const ops = await api("/api/operations?limit=50");
  const opsTable = el("table", { id: "operations-log" },
    el("thead", {}, el("tr", {}, ["When", "Who", "Operation", "Incident", "Other", "Reports moved", "Undone"].map((h) => el("th", { text: h })))),
    el("tbody", {}, ops.items.map((o) => el("tr", {},
      el("td", { text: o.at }), el("td", { text: o.by }), el("td", { text: o.kind }),
      el("td", {}, el("a", { href: "#/incident/" + o.incident_id, text: "#" + o.incident_id })),
      el("td", {}, o.other_id ? el("a", { href: "#/incident/" + o.other_id, text: "#" + o.other_id }) : ""),
      el("td", { text: String(o.moves.length) }),
      el("td", { text: o.undone_at ? `${o.undone_at} by ${o.undone_by}` : "" })))));
  showOn("audit", el("h2", { text: "Audit log" }), el("h3", { text: "Corrections" }), pager("/audit", params, page), table,
    el("h3", { text: "Merges, splits and unlinks" }), ops.items.length ? opsTable : el("p", { class: "muted", text: "None yet." }));
}

// ---------- document page ----------

async function documentPage(idRaw) {
  const id = Number(idRaw);
  if (!Number.isInteger(id) || id <= 0) { showOn("document", errorBox("Invalid document id.")); return; }
  const d = await api("/api/documents/" + id);
  const spans = [];
  for (const inc of d.record.incidents || []) {
    for (const [field, v] of Object.entries(inc)) {
      const evs = v && Array.isArray(v.evidence) ? v.evidence : [];
      for (const e of evs) spans.push({ start: e.start, end: e.end, field });
    }
  }
  const { nodes } = highlighted(d.text, spans);
  const stmts = await api("/api/statements?limit=100&document_id=" + id);
  showOn("document", el("p", {}, el("a", { href: "#/incidents", text: "← Incidents" })),
    el("h2", { id: "document-title", text: d.title || d.doc_id }),
    el("p", { class: "muted" }, sourceLink(d.source), ` · published ${d.published || "unknown"} · extractor ${d.extractor_version}`),
    el("p", {}, "Incidents: ", d.incident_ids.length === 0 ? "none" : d.incident_ids.map((i) => el("a", { href: "#/incident/" + i, class: "incident-link", text: "#" + i + " " }))),
    el("div", { class: "panel" }, el("h3", { text: "Statements" }), stmts.items.length ? statementTable(stmts.items) : el("p", { class: "muted", text: "No statements." })),
    el("div", { class: "panel source" }, el("div", { class: "doctext" }, nodes)));
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

/**
 * A ring as SVG path data. A ring crossing the antimeridian (a jump of more
 * than 180° in longitude, eastern Russia, Fiji) is unwrapped into one
 * continuous ring and drawn twice, shifted by 360°: the map's edge clips both,
 * so no sliver is drawn across the map.
 */
function ringPaths(ring) {
  let shift = 0, prev = null, min = Infinity, max = -Infinity;
  const pts = ring.map(([lon, lat]) => {
    if (prev !== null && Math.abs(lon + shift - prev) > 180) shift += lon + shift > prev ? -360 : 360;
    const l = lon + shift;
    prev = l; min = Math.min(min, l); max = Math.max(max, l);
    return [l, lat];
  });
  const draw = (offset) => pts.map(([lon, lat], i) => {
    const [x, y] = project(lon + offset, lat);
    return (i === 0 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
  }).join("") + "Z";
  let d = draw(0);
  if (max > 180) d += draw(-360);
  if (min < -180) d += draw(360);
  return d;
}

function worldPaths(world) {
  const out = [];
  for (const f of world.features) {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    const d = polys.map((p) => p.map(ringPaths).join("")).join("");
    out.push(svg("path", { class: "land", d }, svg("title", {}, f.properties.name || "")));
  }
  return out;
}

/** Points closer than `cell` map units (at the current zoom) become one cluster. */
function clusterPoints(points, cell) {
  const cells = new Map();
  for (const pt of points) {
    const [x, y] = project(pt.lon, pt.lat);
    const key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
    let c = cells.get(key);
    if (!c) { c = { xs: 0, ys: 0, n: 0, killed: 0, ids: [], lons: [], lats: [] }; cells.set(key, c); }
    c.xs += x; c.ys += y; c.n += 1; c.killed += pt.killed || 0; c.ids.push(pt.id); c.lons.push(pt.lon); c.lats.push(pt.lat);
  }
  return [...cells.values()].map((c) => ({ x: c.xs / c.n, y: c.ys / c.n, n: c.n, killed: c.killed, ids: c.ids, lons: c.lons, lats: c.lats }));
}

async function mapPage(params) {
  const form = filterForm("/map", params);
  if (!WORLD) WORLD = await api("/assets/world.geojson");
  const layer = await api("/api/map?" + filterParams(params).toString());
  // The view: a viewBox zoomed and panned by wheel, drag, buttons and keys.
  const view = { x: 0, y: 0, w: MAP_W, h: MAP_H };
  const dotsLayer = svg("g", { id: "dots" });
  const map = svg("svg", { class: "map", id: "map", viewBox: `0 0 ${MAP_W} ${MAP_H}`, role: "group", "aria-label": "Map of incidents" },
    svg("g", {}, worldPaths(WORLD)), dotsLayer);
  const zoomLabel = el("span", { id: "map-zoom", class: "muted" });
  const apply = () => {
    view.w = Math.min(MAP_W, Math.max(MAP_W / 64, view.w));
    view.h = view.w * MAP_H / MAP_W;
    view.x = Math.min(MAP_W - view.w, Math.max(0, view.x));
    view.y = Math.min(MAP_H - view.h, Math.max(0, view.y));
    map.setAttribute("viewBox", `${view.x.toFixed(2)} ${view.y.toFixed(2)} ${view.w.toFixed(2)} ${view.h.toFixed(2)}`);
    const k = MAP_W / view.w;
    map.style.setProperty("--k", String(k));
    zoomLabel.textContent = `zoom ×${k.toFixed(1)}`;
    drawDots(k);
  };
  const zoomAt = (factor, cx, cy) => {
    const nw = Math.min(MAP_W, Math.max(MAP_W / 64, view.w / factor));
    view.x = cx - (cx - view.x) * nw / view.w;
    view.y = cy - (cy - view.y) * nw / view.w;
    view.w = nw;
    apply();
  };
  const drawDots = (k) => {
    const clusters = clusterPoints(layer.points, 14 / k);
    dotsLayer.replaceChildren(...clusters.map((c) => {
      const single = c.n === 1;
      const r = (single ? Math.min(2.5 + Math.sqrt(c.killed), 12) : Math.min(6 + 2.5 * Math.log2(c.n), 18)) / k;
      const label = single ? `Incident #${c.ids[0]}` + (c.killed ? `, killed ${c.killed}+` : "")
        : `${c.n} incidents, killed ${c.killed}+ in all: zoom in`;
      const open = () => {
        if (single) { go("/incident/" + c.ids[0]); return; }
        // Zoom to the cluster's extent.
        const xs = c.lons.map((lon, i) => project(lon, c.lats[i]));
        const minx = Math.min(...xs.map((p) => p[0])), maxx = Math.max(...xs.map((p) => p[0]));
        const miny = Math.min(...xs.map((p) => p[1])), maxy = Math.max(...xs.map((p) => p[1]));
        const w = Math.max((maxx - minx) * 1.6, (maxy - miny) * 1.6 * MAP_W / MAP_H, view.w / 4);
        view.w = w; view.x = (minx + maxx) / 2 - w / 2; view.y = (miny + maxy) / 2 - (w * MAP_H / MAP_W) / 2;
        apply();
      };
      const g = svg("g", { class: single ? "pt" : "pt cluster", tabindex: 0, role: "button", "aria-label": label,
        "data-id": single ? c.ids[0] : null, "data-count": c.n, onclick: open,
        onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); } } },
      svg("circle", { cx: c.x.toFixed(2), cy: c.y.toFixed(2), r: r.toFixed(2) }), svg("title", {}, label),
      single ? null : svg("text", { x: c.x.toFixed(2), y: (c.y + 4 / k).toFixed(2), "font-size": (11 / k).toFixed(2) }, String(c.n)));
      return g;
    }));
  };
  // Wheel zoom around the pointer; drag to pan.
  const toMap = (ev) => {
    const b = map.getBoundingClientRect();
    return [view.x + (ev.clientX - b.left) / b.width * view.w, view.y + (ev.clientY - b.top) / b.height * view.h];
  };
  map.addEventListener("wheel", (ev) => { ev.preventDefault(); const [x, y] = toMap(ev); zoomAt(ev.deltaY < 0 ? 1.5 : 1 / 1.5, x, y); }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (ev) => { if (ev.target.closest && ev.target.closest("g.pt")) return; drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y }; });
  map.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const b = map.getBoundingClientRect();
    view.x = drag.vx - (ev.clientX - drag.x) / b.width * view.w;
    view.y = drag.vy - (ev.clientY - drag.y) / b.height * view.h;
    apply();
  });
  const stop = () => { drag = null; };
  map.addEventListener("pointerup", stop);
  map.addEventListener("pointerleave", stop);
  const centre = () => [view.x + view.w / 2, view.y + view.h / 2];
  const pan = (dx, dy) => { view.x += dx * view.w; view.y += dy * view.h; apply(); };
  const controls = el("div", { class: "map-controls" },
    el("button", { type: "button", id: "zoom-in", "aria-label": "Zoom in", onclick: () => zoomAt(2, ...centre()) }, "+"),
    el("button", { type: "button", id: "zoom-out", "aria-label": "Zoom out", onclick: () => zoomAt(0.5, ...centre()) }, "−"),
    el("button", { type: "button", id: "zoom-reset", onclick: () => { view.x = 0; view.y = 0; view.w = MAP_W; apply(); } }, "World"),
    el("button", { type: "button", "aria-label": "Pan west", onclick: () => pan(-0.25, 0) }, "←"),
    el("button", { type: "button", "aria-label": "Pan east", onclick: () => pan(0.25, 0) }, "→"),
    el("button", { type: "button", "aria-label": "Pan north", onclick: () => pan(0, -0.25) }, "↑"),
    el("button", { type: "button", "aria-label": "Pan south", onclick: () => pan(0, 0.25) }, "↓"),
    zoomLabel);
  const legend = el("div", { class: "map-legend", id: "map-legend" },
    el("span", {}, el("span", { class: "lg-dot small" }), "one incident (size: killed)"),
    el("span", {}, el("span", { class: "lg-dot big" }), "an incident with many killed"),
    el("span", {}, el("span", { class: "lg-cluster", text: "12" }), "nearby incidents (click to zoom in)"),
    el("span", { class: "muted", text: "Scroll to zoom, drag to pan, Tab to a point and press Enter to open it." }));
  showOn("map", form, el("p", { id: "map-count", text: `${layer.points.length} shown of ${layer.located} located incidents (${layer.total} match; the most deadly are drawn first when capped).` }),
    controls, legend, map);
  apply();
}

// ---------- timeline ----------

async function timelinePage(params) {
  const bucket = select("bucket", "Per", [["month", "month"], ["week", "week"]], params.get("bucket") || "month");
  const by = select("by", "Series", [["none", "all incidents"], ["group", "by group"], ["country", "by country"]], params.get("by"));
  const metric = select("metric", "Measure", [["incidents", "incidents"], ["fatalities", "people killed"]], params.get("metric") || "incidents");
  const form = filterForm("/timeline", params, [bucket, by, metric]);
  const p = filterParams(params, ["bucket", "by", "metric"]);
  let tl;
  try { tl = await api("/api/timeline?" + p.toString()); } catch (e) { showOn("timeline", form, errorBox(e.message)); return; }
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
      const open = () => go("/incidents", bucketFilter(params, tl.bucket, label, tl.by, s.name));
      bars.push(svg("rect", { x: (L + i * bw).toFixed(1), y: y.toFixed(1), width: Math.max(bw - 1, 0.5).toFixed(1), height: h.toFixed(1), fill: PALETTE[k % PALETTE.length],
        class: "bar", tabindex: 0, role: "link", "data-bucket": label, "aria-label": `${label} · ${s.name}: ${c} ${tl.metric === "fatalities" ? "killed" : "incidents"}; open the table`,
        onclick: open, onkeydown: (ev) => { if (ev.key === "Enter") open(); } },
        svg("title", {}, `${label} · ${s.name}: ${c} ${tl.metric === "fatalities" ? "killed" : "incidents"} (click for the table)`)));
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
    `${tl.total} incidents match; bars show ${tl.metric === "fatalities" ? "people killed (lower bounds)" : "incidents"}; ${tl.undated} undated and ${tl.imprecise} dated less precisely than a ${tl.bucket} are not drawn. Click a bar for its incidents.` });
  const table = el("details", {}, el("summary", { text: "Table" }),
    el("table", { id: "timeline-table" }, el("thead", {}, el("tr", {}, el("th", { text: tl.bucket }), tl.series.map((s) => el("th", { text: s.name })))),
      el("tbody", {}, tl.buckets.map((b, i) => el("tr", {}, el("td", { text: b }), tl.series.map((s) => el("td", { text: String(s.counts[i]) })))))));
  showOn("timeline", form, note, legend, chart, table);
}

/** The table's filter for one timeline bar: the current filters, the bucket's dates and the series. */
function bucketFilter(params, bucket, label, by, series) {
  const p = filterParams(params);
  if (bucket === "week") {
    const d = new Date(label + "T00:00:00Z");
    const end = new Date(d.getTime() + 6 * 86400000);
    p.set("date_from", label);
    p.set("date_to", end.toISOString().slice(0, 10));
  } else {
    p.set("date_from", label);
    p.set("date_to", label);
  }
  if (by === "country" && !/^(Unknown|Other)/.test(series)) { p.delete("country"); p.append("country", series); }
  if (by === "group" && !/^(Unknown|Other)/.test(series)) { p.delete("group"); p.append("group", series); }
  return p;
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
  try { page = await api("/api/statements?" + p.toString()); } catch (e) { showOn("statements", form, errorBox(e.message)); return; }
  const table = statementTable(page.items);
  table.id = "statements";
  showOn("statements", form, pager("/statements", params, page), table);
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
