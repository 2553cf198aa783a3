// Compare page: choose frameworks and topics, hide equal or unknown rows.
// The choice lives in the URL query (?fw=a,b&topic=x&diff=1&known=1; fw=all for
// every framework), so a link reproduces the view and back/forward work. With no
// `fw` the page shows its default (the active frameworks with the largest ecosystems, marked
// data-default). Without JavaScript the default columns are shown (a <style> in
// the page hides the others) and the controls stay hidden (CSS: .no-js).

const inputs = (form, name) => [...form.querySelectorAll(`input[name="${name}"]`)];

function readState(form, search) {
  const params = new URLSearchParams(search);
  const list = (name) => {
    const known = inputs(form, name).map((i) => i.value);
    if (!params.has(name) || params.get(name) === "all") {
      const defaults = inputs(form, name).filter((i) => i.dataset.default).map((i) => i.value);
      return new Set(params.has(name) || !defaults.length ? known : defaults);
    }
    return new Set(params.get(name).split(",").filter((v) => known.includes(v)));
  };
  return {
    fw: list("fw"),
    topic: list("topic"),
    diff: params.get("diff") === "1",
    known: params.get("known") === "1",
  };
}

function stateFromForm(form) {
  const checked = (name) => new Set(inputs(form, name).filter((i) => i.checked).map((i) => i.value));
  return {
    fw: checked("fw"),
    topic: checked("topic"),
    diff: form.elements.diff.checked,
    known: form.elements.known.checked,
  };
}

function writeForm(form, state) {
  for (const name of ["fw", "topic"]) {
    for (const input of inputs(form, name)) input.checked = state[name].has(input.value);
  }
  form.elements.diff.checked = state.diff;
  form.elements.known.checked = state.known;
}

function toSearch(form, state) {
  const params = new URLSearchParams();
  for (const name of ["fw", "topic"]) {
    // The default selection needs no parameter: keep shared links short.
    const all = inputs(form, name);
    const defaults = all.filter((i) => i.dataset.default).map((i) => i.value);
    const isDefault = defaults.length
      ? defaults.length === state[name].size && defaults.every((v) => state[name].has(v))
      : state[name].size === all.length;
    if (isDefault) continue;
    params.set(name, state[name].size === all.length ? "all" : [...state[name]].join(","));
  }
  if (state.diff) params.set("diff", "1");
  if (state.known) params.set("known", "1");
  const query = params.toString().replace(/%2C/g, ",");
  return query ? `?${query}` : location.pathname;
}

// The short value as shown (without since/until): equal values render equal text.
const shortValue = (td) => (td.querySelector("summary .fa-v") || td).textContent.trim();

// Read the tables once: per topic, its rows and each row's value per framework.
function indexTable(root) {
  return [...root.querySelectorAll("section[data-topic]")].map((section) => ({
    section,
    topic: section.dataset.topic,
    rows: [...section.querySelectorAll("tr[data-dimension]")].map((row) => ({
      row,
      values: [...row.cells].filter((td) => td.dataset.framework)
        .map((td) => [td.dataset.framework, shortValue(td), td.dataset.answer]),
    })),
  }));
}

function frameworkHeaders(root) {
  const first = root.querySelector("thead");
  return first ? [...first.querySelectorAll("th[data-framework]")] : [];
}

// Hidden columns are one CSS rule rather than hundreds of attribute changes.
function hideColumns(root, state) {
  let style = document.getElementById("compare-columns");
  if (!style) {
    style = document.createElement("style");
    style.id = "compare-columns";
    document.head.append(style);
  }
  const hidden = frameworkHeaders(root).map((th) => th.dataset.framework).filter((fw) => !state.fw.has(fw));
  style.textContent = hidden.map((fw) => `#compare-table [data-framework="${CSS.escape(fw)}"]`).join(",")
    + (hidden.length ? "{display:none}" : "");
  // Fixed layout sizes columns from the header alone; the width keeps each column readable.
  for (const table of root.querySelectorAll("table")) table.style.width = `max(100%, ${11 + 10.5 * state.fw.size}em)`;
}

export function apply(root, state, index = indexTable(root)) {
  hideColumns(root, state);
  let shown = 0;
  let total = 0;
  for (const group of index) {
    const topicOn = state.topic.has(group.topic);
    let visible = 0;
    for (const { row, values } of group.rows) {
      total += 1;
      let on = topicOn;
      if (on) {
        const chosen = values.filter(([fw]) => state.fw.has(fw));
        on = chosen.length > 0;
        // "differ" compares the short values; "not applicable" and a sourced "none" are answers
        if (on && state.diff) on = new Set(chosen.map(([, v]) => v)).size > 1;
        if (on && state.known) on = chosen.some(([, , a]) => a !== "unknown" && a !== "missing");
      }
      if (row.hidden === on) row.hidden = !on;  // write only what changes
      if (on) visible += 1;
    }
    if (group.section.hidden !== (visible === 0)) group.section.hidden = visible === 0;
    shown += visible;
  }
  return { shown, total };
}

function render(form, table, state, index) {
  const { shown, total } = apply(table, state, index);
  const status = form.querySelector("#compare-status");
  status.textContent = `Showing ${shown} of ${total} rows for ${state.fw.size} framework(s).`;
}

function select(form, command) {
  const [name, which] = command.split(":");
  for (const input of inputs(form, name)) {
    const th = document.querySelector(`#compare-table thead th[data-framework="${CSS.escape(input.value)}"]`);
    input.checked = which === "all" || (which === "active" && th && th.dataset.status === "active")
      || (which === "default" && Boolean(input.dataset.default));
  }
  form.dispatchEvent(new Event("change"));
}

// Notes are not in the page (they were three quarters of its bytes): a cell that
// opens asks the framework's API file for them, once per framework, and writes the
// note as text (never as HTML).
const notes = new Map();
function fillNote(table, details) {
  const slot = details.querySelector("[data-lazy-note]");
  const td = details.closest("td[data-framework]");
  const tr = details.closest("tr[data-dimension]");
  if (!slot || !td || !tr || slot.dataset.state) return;
  slot.dataset.state = "loading";
  slot.textContent = "Loading the note\u2026";
  const fw = td.dataset.framework;
  if (!notes.has(fw)) {
    notes.set(fw, fetch(`${table.dataset.notes}${encodeURIComponent(fw)}.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
      .catch((error) => { notes.delete(fw); throw error; }));
  }
  notes.get(fw).then((record) => {
    const fact = record.facts && record.facts[tr.dataset.dimension];
    slot.textContent = (fact && fact.note) || "";
    slot.dataset.state = "done";
  }, () => {
    slot.textContent = "The note could not be loaded; the sources link below shows it.";
    delete slot.dataset.state;
  });
}

function init() {
  const form = document.getElementById("compare-controls");
  const table = document.getElementById("compare-table");
  if (!form || !table || form.dataset.ready) return;
  form.dataset.ready = "1";
  // "toggle" does not bubble: listen in the capture phase, once for the whole table
  table.addEventListener("toggle", (event) => {
    if (event.target.open) fillNote(table, event.target);
  }, true);
  // Indexing ~5,000 cells costs main-thread time; a plain visit (no query) shows
  // the full table as served, so the index is built on first use.
  let index = null;
  const indexed = () => (index ??= indexTable(table));
  const state = readState(form, location.search);
  writeForm(form, state);
  if (location.search) render(form, table, state, indexed());
  else form.querySelector("#compare-status").textContent =
    `Showing ${state.fw.size} active frameworks with the largest ecosystems; choose others above.`;
  form.addEventListener("change", () => {
    const next = stateFromForm(form);
    history.pushState(null, "", toSearch(form, next));
    render(form, table, next, indexed());
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const button of form.querySelectorAll("button[data-select]")) {
    button.addEventListener("click", () => select(form, button.dataset.select));
  }
  window.addEventListener("popstate", () => {
    const back = readState(form, location.search);
    writeForm(form, back);
    render(form, table, back, indexed());
  });
}

// Material's document$ fires on every page load, including instant navigation.
if (typeof document$ !== "undefined") document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);
