// Requirements finder: the reader states needs; each framework gets a verdict per
// need, linked to the cited cell that decides it. The needs live in the URL
// (?need=a,b&level=plugin&os=macOS&py=3.12&status=active), so a link reproduces
// the answer. Facts come from the JSON the page carries (#finder-data).

const verdictText = { yes: "yes", no: "no", unknown: "not known" };
// Levels below "plugin" are kept by people outside the core project or marked unfinished:
// the verdict text says so, whatever level the reader accepts.
const levelNote = { community: "third-party", experimental: "experimental" };

function readState(search) {
  const p = new URLSearchParams(search);
  const level = p.get("level");
  return {
    need: new Set((p.get("need") || "").split(",").filter(Boolean)),
    level: ["official", "plugin", "any"].includes(level) ? level : "plugin",
    os: p.get("os") || "",
    py: p.get("py") || "",
    status: p.get("status") === "active",
  };
}

function toSearch(state) {
  const p = new URLSearchParams();
  if (state.need.size) p.set("need", [...state.need].join(","));
  if (state.level !== "plugin") p.set("level", state.level);
  if (state.os) p.set("os", state.os);
  if (state.py) p.set("py", state.py);
  if (state.status) p.set("status", "active");
  const query = p.toString().replace(/%2C/g, ",");
  return query ? `?${query}` : location.pathname;
}

function writeForm(form, state) {
  for (const input of form.querySelectorAll('input[name="need"]')) input.checked = state.need.has(input.value);
  for (const input of form.querySelectorAll('input[name="level"]')) input.checked = input.value === state.level;
  form.elements.os.value = state.os;
  form.elements.py.value = state.py;
  form.elements.status.checked = state.status;
}

function stateFromForm(form) {
  return {
    need: new Set([...form.querySelectorAll('input[name="need"]:checked')].map((i) => i.value)),
    level: (form.querySelector('input[name="level"]:checked') || { value: "plugin" }).value,
    os: form.elements.os.value,
    py: form.elements.py.value,
    status: form.elements.status.checked,
  };
}

const versionKey = (v) => v.split(".").map(Number);
function compareVersions(a, b) {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d) return d;
  }
  return 0;
}

// One framework's verdict on one requirement: {v: yes|no|unknown, text, href}.
function judge(data, fw, req, state, depth = 0) {
  const cell = fw.cells[req.dimension];
  if (!cell) return { v: "unknown", text: "not recorded", href: fw.href };
  const base = { href: cell.href };
  if (cell.a === "unknown") return { ...base, v: "unknown", text: "unknown" };
  if (cell.a === "na") return { ...base, v: "no", text: "not applicable" };
  if (cell.a === "via") {
    if (depth > 0) return { ...base, v: "unknown", text: "via backend" };
    const backends = (cell.via || []).map((id) => data.frameworks.find((f) => f.id === id)).filter(Boolean);
    const results = backends.map((b) => [b, judge(data, b, req, state, depth + 1)]);
    const met = results.filter(([, r]) => r.v === "yes").map(([b]) => b.name);
    if (met.length) return { ...base, v: "yes", text: `via ${met.join(", ")}` };
    if (results.some(([, r]) => r.v === "unknown")) return { ...base, v: "unknown", text: "via backend" };
    return { ...base, v: "no", text: "no backend has it" };
  }
  if (req.kind === "support") return judgeSupport(data, fw, cell, req, state, base);
  if (req.kind === "tools" || req.kind === "onnx") {
    const listed = (cell.tools || []).filter((t) => req.kind !== "onnx" || /onnx/i.test(t.name));
    // ONNX export: only tools the data records as exporting count; import alone never does
    const tools = req.kind === "onnx" ? listed.filter((t) => t.dir === "export" || t.dir === "both") : listed;
    const active = tools.filter((t) => t.status === "active");
    const names = (list) => list.slice(0, 2).map((t) => t.name).join(", ") + (list.length > 2 ? ` +${list.length - 2} more` : "");
    if (active.length) return { ...base, v: "yes", text: names(active) };
    if (req.kind === "onnx" && listed.length && listed.every((t) => t.dir === "import")) {
      return { ...base, v: "no", text: "imports ONNX, no export" };
    }
    if (req.kind === "onnx" && listed.some((t) => !t.dir)) {
      return { ...base, v: "unknown", text: "export not recorded" };
    }
    return { ...base, v: "no", text: tools.length ? `${tools.map((t) => `${t.name} (${t.status})`).join(", ")}` : "has none" };
  }
  if (req.kind === "os") {
    const ok = Array.isArray(cell.v) && cell.v.includes(state.os);
    return { ...base, v: ok ? "yes" : "no", text: Array.isArray(cell.v) ? cell.v.join(", ") : String(cell.v) };
  }
  if (req.kind === "python") {
    // "3.10-3.14" is inclusive; "3.11+" has no upper bound (a pure-Python wheel)
    const open = String(cell.v).endsWith("+");
    const [low, high] = String(cell.v).replace(/\+$/, "").split("-");
    const ok = Boolean(low) && compareVersions(state.py, low) >= 0 && (open || (high && compareVersions(state.py, high) <= 0));
    return { ...base, v: ok ? "yes" : "no", text: `Python ${String(cell.v).replace("-", "–")}` };
  }
  if (req.kind === "status") {
    return { ...base, v: cell.v === "active" ? "yes" : "no", text: cell.v };
  }
  return { ...base, v: "unknown", text: "" };
}

const levelWords = { none: "not supported", deprecated: "deprecated" };

// A support need: the level (and its end), who maintains a weaker level, and, when the reader
// also chose an OS, whether the data covers that combination. A row says which OSes it speaks
// for (os_scope); where it does not, "official" plus "runs on Windows" is two facts, not one,
// so the verdict is "not known", never "yes".
function judgeSupport(data, fw, cell, req, state, base) {
  const accepted = data.levels[state.level].includes(cell.v) && !cell.until;
  let text = levelWords[cell.v] || cell.v;
  if (levelNote[cell.v]) text += `, ${levelNote[cell.v]}`;
  if (cell.routes && cell.routes.length && cell.v !== "official") text += ` (${cell.routes.join(", ")})`;
  if (cell.until) text += `, ended after ${cell.until}`;
  if (!accepted || !state.os) return { ...base, v: accepted ? "yes" : "no", text };
  const scope = req.os_scope;
  if (scope === "any" || (Array.isArray(scope) && scope.includes(state.os))) return { ...base, v: "yes", text };
  // The pair is answered by the builds the newest release ships (data/builds), where recorded.
  const acc = data.row_accelerator[req.dimension];
  if (acc && Array.isArray(fw.builds)) {
    const mine = fw.builds.filter((b) => b.acc === acc);
    const onOs = mine.filter((b) => b.os.includes(state.os) && (!state.py || b.py.includes(state.py)));
    if (onOs.length) return { v: "yes", href: onOs[0].href, text: `${text}; build ${onOs.map((b) => b.label).join(", ")} for ${state.os}` };
    const where = [...new Set(mine.flatMap((b) => b.os))];
    return { v: "no", href: (mine[0] || fw.builds[0] || base).href || base.href,
      text: `${text}; no build for ${state.os}${state.py ? ` with Python ${state.py}` : ""}${where.length ? ` (builds: ${where.join(", ")})` : ""}` };
  }
  const why = Array.isArray(scope) ? `this row is about ${scope.join(", ")} only` : `not recorded for ${state.os}`;
  return { ...base, v: "unknown", text: `${text}; ${why}` };
}

function requirements(data, state) {
  const reqs = data.needs.filter((n) => state.need.has(n.id));
  if (state.os) reqs.push({ id: "os", label: `Runs on ${state.os}`, kind: "os", dimension: "installation.platforms" });
  if (state.py) reqs.push({ id: "py", label: `Python ${state.py}`, kind: "python", dimension: "installation.python_versions" });
  if (state.status) reqs.push({ id: "status", label: "Actively developed", kind: "status", dimension: "history.status" });
  return reqs;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export function evaluate(data, state) {
  const reqs = requirements(data, state);
  const rows = data.frameworks.map((fw, order) => {
    const verdicts = reqs.map((r) => judge(data, fw, r, state));
    const misses = verdicts.filter((v) => v.v === "no").length;
    const unknown = verdicts.filter((v) => v.v === "unknown").length;
    return { fw, verdicts, misses, unknown, order };
  });
  rows.sort((a, b) => a.misses - b.misses || a.unknown - b.unknown || a.order - b.order);
  return { reqs, rows };
}

function render(data, state, results, status) {
  const { reqs, rows } = evaluate(data, state);
  results.replaceChildren();
  if (!reqs.length) {
    status.textContent = "Choose needs above, or start from a ready-made question.";
    return;
  }
  const winners = rows.filter((r) => r.misses === 0 && r.unknown === 0).map((r) => r.fw.name);
  const needs = reqs.length === 1 ? "the need" : `all ${reqs.length} needs`;
  status.textContent = winners.length
    ? `${winners.length} of ${rows.length} frameworks meet ${needs}: ${winners.join(", ")}.`
    : `No framework is known to meet ${needs}; the closest come first.`;
  const head = el("tr", {}, el("th", { scope: "col" }, "Framework"), el("th", { scope: "col" }, "Verdict"),
    ...reqs.map((r) => el("th", { scope: "col" }, r.label)));
  const body = rows.map((row) => {
    const overall = row.misses ? "no" : row.unknown ? "unknown" : "yes";
    const of = reqs.length === 1 ? "" : ` of ${reqs.length}`;
    const summary = row.misses ? `lacks ${row.misses}${of}` : row.unknown ? `${row.unknown}${of} not known` : (reqs.length === 1 ? "meets it" : "meets all");
    return el("tr", { "data-framework": row.fw.id, "data-verdict": overall },
      el("th", { scope: "row" }, el("a", { href: row.fw.href }, row.fw.name)),
      el("td", { "data-label": "Verdict" }, el("span", { class: `fa-verdict fa-verdict-${overall}` }, summary)),
      ...row.verdicts.map((v, i) => el("td", { "data-verdict": v.v, "data-label": reqs[i].label },
        el("span", { class: `fa-verdict fa-verdict-${v.v}` }, verdictText[v.v]), " ",
        el("a", { href: v.href, title: "the cited cell" }, v.text || "see the cell"))));
  });
  results.append(el("table", { class: "fa-table fa-finder-table" }, el("thead", {}, head), el("tbody", {}, ...body)));
}

function init() {
  const form = document.getElementById("finder-controls");
  const source = document.getElementById("finder-data");
  if (!form || !source || form.dataset.ready) return;
  form.dataset.ready = "1";
  const data = JSON.parse(source.textContent);
  const results = document.getElementById("finder-results");
  const status = document.getElementById("finder-status");
  const show = (state) => { writeForm(form, state); render(data, state, results, status); };
  show(readState(location.search));
  form.addEventListener("change", () => {
    const next = stateFromForm(form);
    history.pushState(null, "", toSearch(next));
    render(data, next, results, status);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.querySelector("[data-clear]").addEventListener("click", () => {
    history.pushState(null, "", location.pathname);
    show(readState(""));
  });
  for (const link of document.querySelectorAll("a[data-question]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      history.pushState(null, "", link.getAttribute("href"));
      show(readState(location.search));
    });
  }
  window.addEventListener("popstate", () => show(readState(location.search)));
}

if (typeof document$ !== "undefined") document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);
