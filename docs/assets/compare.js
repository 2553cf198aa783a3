// Compare page: choose frameworks and topics, hide equal or unknown rows.
// The choice lives in the URL query (?fw=a,b&topic=x&diff=1&known=1), so a link
// reproduces the view and back/forward work. Without this script the full
// table is shown, which is why the controls start out hidden.

const inputs = (form, name) => [...form.querySelectorAll(`input[name="${name}"]`)];

function readState(form, search) {
  const params = new URLSearchParams(search);
  const list = (name) => {
    const known = inputs(form, name).map((i) => i.value);
    if (!params.has(name)) return new Set(known);
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
    // Everything selected is the default: keep shared links short.
    if (state[name].size !== inputs(form, name).length) params.set(name, [...state[name]].join(","));
  }
  if (state.diff) params.set("diff", "1");
  if (state.known) params.set("known", "1");
  const query = params.toString().replace(/%2C/g, ",");
  return query ? `?${query}` : location.pathname;
}

export function apply(table, state) {
  for (const cell of table.querySelectorAll("[data-framework]")) {
    cell.hidden = !state.fw.has(cell.dataset.framework);
  }
  let shown = 0;
  let total = 0;
  for (const body of table.tBodies) {
    const topicOn = state.topic.has(body.dataset.topic);
    let visible = 0;
    for (const row of body.querySelectorAll("tr[data-dimension]")) {
      total += 1;
      const values = [];
      for (const td of row.cells) {
        if (td.dataset.framework && state.fw.has(td.dataset.framework)) values.push(td.dataset.value);
      }
      let on = topicOn && values.length > 0;
      if (on && state.diff) on = new Set(values).size > 1;
      if (on && state.known) on = values.every((v) => v !== "unknown" && v !== "");
      row.hidden = !on;
      if (on) visible += 1;
    }
    body.hidden = visible === 0;
    body.querySelector(".fa-topic-row th").colSpan = state.fw.size + 1;
    shown += visible;
  }
  return { shown, total };
}

function render(form, table, state) {
  const { shown, total } = apply(table, state);
  const status = form.querySelector("#compare-status");
  status.textContent = `Showing ${shown} of ${total} rows for ${state.fw.size} framework(s).`;
}

function select(form, command) {
  const [name, which] = command.split(":");
  for (const input of inputs(form, name)) {
    const th = document.querySelector(`#compare-table thead th[data-framework="${input.value}"]`);
    input.checked = which === "all" || (which === "active" && th && th.dataset.status === "active");
  }
  form.dispatchEvent(new Event("change"));
}

function init() {
  const form = document.getElementById("compare-controls");
  const table = document.getElementById("compare-table");
  if (!form || !table || form.dataset.ready) return;
  form.dataset.ready = "1";
  form.hidden = false;
  const state = readState(form, location.search);
  writeForm(form, state);
  render(form, table, state);
  form.addEventListener("change", () => {
    const next = stateFromForm(form);
    history.pushState(null, "", toSearch(form, next));
    render(form, table, next);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const button of form.querySelectorAll("button[data-select]")) {
    button.addEventListener("click", () => select(form, button.dataset.select));
  }
  window.addEventListener("popstate", () => {
    const back = readState(form, location.search);
    writeForm(form, back);
    render(form, table, back);
  });
}

// Material's document$ fires on every page load, including instant navigation.
if (typeof document$ !== "undefined") document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);
