// Myths page: filter the claims by verdict and by framework. The choice lives in
// the URL (?verdict=wrong,outdated&fw=pytorch), so a link reproduces the view.
// Without JavaScript every claim is shown and the controls stay hidden.

const VERDICTS = ["accurate", "outdated", "misleading", "wrong", "depends"];

function readState(search) {
  const p = new URLSearchParams(search);
  const verdict = p.has("verdict") ? p.get("verdict").split(",").filter((v) => VERDICTS.includes(v)) : VERDICTS;
  return { verdict: new Set(verdict), fw: p.get("fw") || "" };
}

function toSearch(state) {
  const p = new URLSearchParams();
  if (state.verdict.size !== VERDICTS.length) p.set("verdict", [...state.verdict].join(","));
  if (state.fw) p.set("fw", state.fw);
  const query = p.toString().replace(/%2C/g, ",");
  return query ? `?${query}` : location.pathname;
}

function apply(form, state) {
  for (const input of form.querySelectorAll('input[name="verdict"]')) input.checked = state.verdict.has(input.value);
  form.elements.fw.value = state.fw;
  let shown = 0;
  const claims = document.querySelectorAll(".fa-claim[data-verdict]");
  for (const claim of claims) {
    const about = claim.dataset.frameworks.split(" ");
    const on = state.verdict.has(claim.dataset.verdict) && (!state.fw || about.includes(state.fw));
    claim.hidden = !on;
    if (on) shown += 1;
  }
  for (const group of document.querySelectorAll(".fa-claim-group")) {
    group.hidden = !group.querySelector(".fa-claim:not([hidden])");
  }
  form.querySelector("#claims-status").textContent = `Showing ${shown} of ${claims.length} claims.`;
}

function init() {
  const form = document.getElementById("claims-controls");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  apply(form, readState(location.search));
  form.addEventListener("change", () => {
    const state = {
      verdict: new Set([...form.querySelectorAll('input[name="verdict"]:checked')].map((i) => i.value)),
      fw: form.elements.fw.value,
    };
    history.pushState(null, "", toSearch(state));
    apply(form, state);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => apply(form, readState(location.search)));
}

if (typeof document$ !== "undefined") document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);
