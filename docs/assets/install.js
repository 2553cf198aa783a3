// Install picker: the reader states OS and CPU, Python, accelerator (and for NVIDIA the GPU
// generation); each framework answers with the newest and oldest release whose build fits,
// the exact command and its source, or says when the last fitting build was. The choice
// lives in the URL (?os=linux-x86_64&py=3.12&acc=cuda&gpu=12.0&fw=pytorch,jax). Data: the
// JSON in #install-data (src/fwatlas/render/install.py). Text from data is only ever set
// with textContent or as an attribute, never parsed as HTML.

const FIELDS = ["os", "py", "acc", "gpu"];

function readState(search, data) {
  const p = new URLSearchParams(search);
  const pick = (name, allowed) => (allowed.includes(p.get(name)) ? p.get(name) : "");
  const ids = data.frameworks.map((f) => f.id);
  return {
    os: pick("os", data.platforms.map(([k]) => k)),
    py: pick("py", data.pythons),
    acc: pick("acc", data.accelerators.map(([k]) => k)),
    gpu: pick("gpu", data.gpus.map(([k]) => k)),
    fw: (p.get("fw") || "").split(",").filter((id) => ids.includes(id)),
  };
}

function toSearch(state) {
  const p = new URLSearchParams();
  for (const name of FIELDS) if (state[name]) p.set(name, state[name]);
  if (state.fw.length) p.set("fw", state.fw.join(","));
  const query = p.toString().replace(/%2C/g, ",");
  return query ? `?${query}` : location.pathname;
}

const cc = (text) => text.split(".").map(Number);
// CUDA runs a GPU on code built for the same major version and an equal or lower minor.
function archFits(archs, gpu) {
  const [major, minor] = cc(gpu);
  return archs.some((a) => { const [x, y] = cc(a); return x === major && y <= minor; });
}

const label = (pairs, key) => (pairs.find(([k]) => k === key) || [key, key])[1];

// One framework's answer: {kind: fits|ended|no|none|unknown, ...}
export function answer(fw, state, data) {
  if (!fw.variants.length) return { kind: "none", text: fw.none };
  if (!state.acc) return { kind: "unknown", text: "Choose an accelerator." };
  const accName = label(data.accelerators, state.acc);
  const builds = fw.variants.filter((v) => v.acc === state.acc);
  if (!builds.length) return { kind: "no", text: `No ${accName} build is recorded.` };
  const onOs = builds.filter((v) => !state.os || v.platforms.includes(state.os));
  if (!onOs.length) {
    const where = [...new Set(builds.flatMap((v) => v.platforms))].map((k) => label(data.platforms, k));
    return { kind: "no", text: `${accName} builds exist only for ${where.join(", ")}.`, variants: builds };
  }
  const fits = [];
  const unconfirmed = [];  // builds that do not list their GPU targets: never a "fits" for a chosen GPU
  let pyMiss = false;
  for (const v of onOs) {
    if (state.acc === "cuda" && state.gpu && v.archs.length && !archFits(v.archs, state.gpu)) continue;
    const target = state.acc === "cuda" && state.gpu && !v.archs.length ? unconfirmed : fits;
    const [first, last] = v.span.length ? v.span : [0, -1];
    for (let i = first; i <= last; i += 1) {
      const r = fw.releases[i];
      const py = v.python || r.py;
      if (state.py && !py.includes(state.py)) { pyMiss = true; continue; }
      if (v.channel === "default-index" && state.os && !r.pl.includes(state.os) && !r.pl.includes("any")) continue;
      target.push({ i, v });
    }
  }
  if (!fits.length && unconfirmed.length) {
    unconfirmed.sort((a, b) => a.i - b.i);
    return { kind: "unknown", newest: unconfirmed[0], oldest: unconfirmed[unconfirmed.length - 1],
      text: "These builds do not list the GPU generations they were compiled for; check the minimum GPU in their sources.",
      variants: [...new Set(unconfirmed.map((f) => f.v))] };
  }
  if (!fits.length) {
    const why = pyMiss ? `for Python ${state.py}` : state.gpu ? "for this GPU generation" : "for this combination";
    return { kind: "no", text: `No ${accName} build ${why}.`, variants: onOs };
  }
  fits.sort((a, b) => a.i - b.i);
  const newest = fits[0];
  const oldest = fits[fits.length - 1];
  const result = { kind: newest.i === 0 ? "fits" : "ended", newest, oldest, gpuUnknown: unconfirmed.length > 0,
    variants: [...new Set(fits.map((f) => f.v))] };
  if (newest.i > 0) result.since = fw.releases[newest.i - 1];
  // A vendor's or a third party's build is recorded as far as its own pages were read: when it
  // stops, the project's table has not said it ended, so the answer is "not known", not "ended".
  if (result.kind === "ended" && newest.v.publisher !== "project") {
    result.kind = "unknown";
    result.text = `The newest build recorded from ${newest.v.maintainer || data.publishers[newest.v.publisher]} is for ${fw.releases[newest.i].v}; newer ones may exist on their pages (sources below).`;
  }
  // since which series a plain `pip install` gives a build for this GPU on this platform
  const plain = onOs.filter((v) => v.default_since && (!state.gpu || archFits(v.archs, state.gpu)));
  if (state.acc === "cuda" && state.gpu && plain.length) result.plainSince = plain.map((v) => v.default_since).sort(compareVersions)[0];
  return result;
}

function compareVersions(a, b) {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d) return d;
  }
  return 0;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

let SOURCES = [];
const cited = (v) => (v.src || []).map((n) => SOURCES[n]).filter(Boolean);

// Sources are bare URLs here; each link is titled with its host, and the full titles are in
// the tables and on the framework pages.
function sources(list) {
  const host = (url) => { try { return new URL(url).host; } catch { return url; } };
  return el("span", { class: "fa-cites" }, ...list.map((url, n) => el("a", { href: url, title: host(url) }, `[${n + 1}]`)));
}

const KIND_TEXT = { fits: "fits", ended: "ended", no: "no build", none: "no accelerator builds", unknown: "not known" };

// The install command for an older release: the package pinned to it, where the package is
// the framework's own (a plugin numbers its own releases, so it is left as the table gives it).
function pinned(fw, v, version) {
  const base = v.package.split("[")[0].trim();
  if (!fw.packages.includes(base.toLowerCase())) return v.install;
  // only a word of its own (optionally quoted), never text inside a URL or a file name
  const words = v.install.split(" ");
  const at = words.findIndex((w) => w.replace(/^["']|["']$/g, "") === v.package);
  if (at < 0) return v.install;
  const quote = /^["']/.test(words[at]) ? words[at][0] : "";
  words[at] = `${quote}${v.package}==${version}${quote}`;
  return words.join(" ");
}

function card(fw, a, data, state) {
  const head = el("h3", { class: "fa-install-name" }, el("a", { href: fw.href }, fw.name), " ",
    el("span", { class: `fa-verdict fa-install-${a.kind}` }, KIND_TEXT[a.kind]));
  const body = el("div", { class: "fa-install-body" });
  if (a.newest) {
    const v = a.newest.v;
    const r = fw.releases[a.newest.i];
    if (a.kind === "ended") {
      body.append(el("p", {}, `No build since ${a.since.v} (${a.since.d}); the last that fit was ${r.v} (${r.d}).`));
    } else if (a.kind === "unknown" && a.since) {
      body.append(el("p", {}, a.text));
    } else if (a.kind === "unknown") {
      body.append(el("p", {}, `Not known for this GPU. ${a.text} Newest build: ${r.v} (${r.d}).`));
    } else {
      body.append(el("p", {}, `Newest that fits: ${r.v} (${r.d}); oldest that fits: ${fw.releases[a.oldest.i].v}.`));
    }
    body.append(el("pre", { class: "fa-install-cmd" }, el("code", {}, a.kind === "ended" ? pinned(fw, v, r.v) : v.install)));
    const pythons = v.python || r.py;
    if (pythons.length) body.append(el("p", { class: "fa-help" }, `${r.v} has this build for Python ${pythons.join(", ")}.`));
    const who = v.publisher === "project" ? "" : ` Published by ${v.maintainer || data.publishers[v.publisher]}.`;
    const name = `${label(data.accelerators, v.acc)}${v.accv ? ` ${v.accv}` : ""}`;
    body.append(el("p", { class: "fa-help" }, `${name} build from ${data.channels[v.channel]}`,
      v.index_url ? el("span", {}, " (", el("code", {}, v.index_url), ")") : null, `.${who} `,
      v.min_gpu ? `Minimum GPU: ${v.min_gpu}. ` : "", v.min_driver ? `Driver: ${v.min_driver}. ` : "", sources(cited(v))));
    if (a.plainSince) body.append(el("p", { class: "fa-help" }, `A plain pip install gives a build for this GPU since ${a.plainSince}.`));
    if (a.gpuUnknown) body.append(el("p", { class: "fa-help" }, "Some builds do not list their GPU targets; check the minimum GPU in their sources."));
  }
  if (!a.newest) {
    body.append(el("p", {}, a.text || ""));
    const refs = a.variants && a.variants.length ? [...new Set(a.variants.flatMap(cited))].slice(0, 4) : fw.sources;
    if (refs.length) body.append(el("p", { class: "fa-help" }, "Sources: ", sources(refs)));
  }
  return el("article", { class: `fa-install-card fa-install-card--${a.kind}`, "data-framework": fw.id, "data-kind": a.kind }, head, body);
}

function render(data, state, out, status) {
  out.replaceChildren();
  const chosen = data.frameworks.filter((f) => !state.fw.length || state.fw.includes(f.id));
  if (!state.acc) {
    status.textContent = "Choose your system, Python and accelerator.";
    return;
  }
  const answers = chosen.map((fw) => [fw, answer(fw, state, data)]);
  const order = { fits: 0, ended: 1, unknown: 2, no: 3, none: 4 };
  answers.sort((x, y) => order[x[1].kind] - order[y[1].kind]);
  const fit = answers.filter(([, a]) => a.kind === "fits").map(([f]) => f.name);
  status.textContent = fit.length ? `${fit.length} of ${answers.length} frameworks have a current build that fits: ${fit.join(", ")}.`
    : "No framework has a current build that fits; older releases that did are listed.";
  out.append(...answers.map(([fw, a]) => card(fw, a, data, state)));
}

function writeForm(form, state) {
  for (const name of FIELDS) form.elements[name].value = state[name];
  for (const box of form.querySelectorAll('input[name="fw"]')) box.checked = state.fw.includes(box.value);
  form.querySelector("[data-gpu]").hidden = state.acc !== "cuda";
}

function stateFromForm(form) {
  const state = { fw: [...form.querySelectorAll('input[name="fw"]:checked')].map((b) => b.value) };
  for (const name of FIELDS) state[name] = form.elements[name].value;
  if (state.acc !== "cuda") state.gpu = "";
  return state;
}

// Releases arrive packed as [version, day, shape] with shapes [[pythons], [platforms]].
function unpack(data) {
  for (const fw of data.frameworks) {
    fw.releases = fw.releases.map(([v, d, n]) => ({ v, d, py: fw.shapes[n][0], pl: fw.shapes[n][1] }));
  }
  return data;
}

function init() {
  const form = document.getElementById("install-controls");
  const source = document.getElementById("install-data");
  if (!form || !source || form.dataset.ready) return;
  form.dataset.ready = "1";
  const data = unpack(JSON.parse(source.textContent));
  SOURCES = data.sources;
  const out = document.getElementById("install-results");
  const status = document.getElementById("install-status");
  const show = (state) => { writeForm(form, state); render(data, state, out, status); };
  show(readState(location.search, data));
  form.addEventListener("change", () => {
    const next = stateFromForm(form);
    history.pushState(null, "", toSearch(next));
    writeForm(form, next);
    render(data, next, out, status);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const link of document.querySelectorAll("a[data-install-question]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      history.pushState(null, "", link.getAttribute("href"));
      show(readState(location.search, data));
      status.scrollIntoView({ block: "start" });
    });
  }
  window.addEventListener("popstate", () => show(readState(location.search, data)));
}

if (typeof document$ !== "undefined") document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);
