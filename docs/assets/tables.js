// Sortable tables: a header with data-sort becomes a button that sorts the rows.
// aria-sort tells assistive technology the current order.

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function key(row, index) {
  return row.cells[index] ? row.cells[index].textContent.trim() : "";
}

function sortBy(table, th, index) {
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  for (const body of table.tBodies) {
    const rows = [...body.rows];
    // numeric collation orders versions too: 1.9 < 1.10 < 2.0
    rows.sort((a, b) => collator.compare(key(a, index), key(b, index)) * (ascending ? 1 : -1));
    body.append(...rows);
  }
}

function init() {
  for (const table of document.querySelectorAll("table.fa-sortable")) {
    if (table.dataset.ready) continue;
    table.dataset.ready = "1";
    [...table.tHead.rows[0].cells].forEach((th, index) => {
      if (!th.dataset.sort) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "fa-sort";
      button.append(...th.childNodes);
      button.addEventListener("click", () => sortBy(table, th, index));
      th.append(button);
    });
  }
}

if (typeof document$ !== "undefined") document$.subscribe(init);
else document.addEventListener("DOMContentLoaded", init);

// What stays at the top of the window: Material's site header, and its tabs when they
// are sticky. Everything placed "below the headers" is placed below this line.
function stickyTop() {
  let bottom = 0;
  for (const el of document.querySelectorAll(".md-header, .md-tabs")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || el.hidden) continue;
    if (style.position !== "sticky" && style.position !== "fixed") continue;
    const box = el.getBoundingClientRect();
    if (box.top <= 1 && box.bottom > bottom) bottom = box.bottom;
  }
  return bottom;
}

// Headers that stay: a wide table scrolls sideways inside its box, and a box that
// scrolls one way is a scroll container both ways, so `position: sticky; top`
// would stick to the box, not to the page. While a table's top has scrolled
// under the site header, its header row is moved down to stay in view (it slides
// under the site header at the table's end: atlas.css keeps each table box in a
// stacking context below the header).
let pending = false;
function placeHeads() {
  pending = false;
  const top = stickyTop();
  for (const table of document.querySelectorAll("table.fa-matrix")) {
    const head = table.tHead;
    if (!head) continue;
    const box = table.getBoundingClientRect();
    const shift = Math.max(0, Math.min(top - box.top, box.height - head.offsetHeight));
    const wanted = shift > 0 ? `translateY(${Math.round(shift)}px)` : "";
    if (head.style.transform !== wanted) head.style.transform = wanted;
    head.classList.toggle("fa-head-floating", shift > 0);
    // how far below the site header a linked row must land (CSS scroll-margin-top)
    const height = `${floatingHead(table)}px`;
    if (table.style.getPropertyValue("--fa-head") !== height) table.style.setProperty("--fa-head", height);
  }
}

function onScroll() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(placeHeads);
}

// The height of a table's header row while it floats (0 on phones, where rows are cards
// and the header row is hidden).
function floatingHead(table) {
  const head = table && table.tHead;
  if (!head || !table.matches(".fa-matrix") || getComputedStyle(head).position === "absolute") return 0;
  return head.offsetHeight;
}

// Deep links: a link to a cell (#pytorch--hardware.amd_rocm, a td) or to a row
// (#hardware.amd_rocm, the heading in its row header; #tool-litert) lands below every
// sticky header, is highlighted, and opens: the cell's details, the folded group or
// older series that holds it. On first load, on a click (also on the link already in
// the address bar, which fires no hashchange) and on hashchange.
const PHONE = "(max-width: 44.9375em)";

function targetOf(hash) {
  if (!hash || hash.length < 2) return null;
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch (error) {
    return null;
  }
}

function reveal(el) {
  for (let d = el.parentElement && el.parentElement.closest("details"); d; d = d.parentElement && d.parentElement.closest("details"))
    d.open = true;
  const cell = el.matches("td, th") ? el.querySelector(":scope > details.fa-cell") : null;
  if (cell) cell.open = true;
}

function showColumn(el) {
  // a cell beyond the right edge of a table that scrolls sideways: bring its column in,
  // right of the row labels that stay
  const cell = el.closest("td");
  const wrap = cell && cell.closest(".fa-table-wrap");
  if (!wrap || wrap.scrollWidth <= wrap.clientWidth) return;
  const frame = wrap.getBoundingClientRect();
  const label = cell.parentElement.querySelector(":scope > th");
  const left = frame.left + (label ? label.getBoundingClientRect().width : 0);
  const box = cell.getBoundingClientRect();
  if (box.left < left) wrap.scrollLeft -= left - box.left;
  else if (box.right > frame.right) wrap.scrollLeft += Math.min(box.right - frame.right, box.left - left);
}

let landing = 0;
function land(box, table) {
  // Scroll until the box sits just below the headers; blocks above it may still change
  // height as they render (content-visibility), so check again for a few frames.
  const run = ++landing;
  let frames = 0;
  const step = () => {
    if (run !== landing) return;
    const want = Math.max(stickyTop() + floatingHead(table) + 8, parseFloat(getComputedStyle(box).scrollMarginTop) || 0);
    const delta = box.getBoundingClientRect().top - want;
    if (Math.abs(delta) > 1) window.scrollTo({ top: window.scrollY + delta, behavior: "instant" });
    placeHeads();
    if (++frames < 10) requestAnimationFrame(step);
  };
  step();
}

function go(hash) {
  const el = targetOf(hash);
  if (!el) return;
  const table = el.closest("table");
  if (!table) {
    // a section heading, where Material's scroll-margin puts it, kept there while the
    // blocks above it render (content-visibility) or the group below it opens
    const next = el.nextElementSibling;
    if (next && next.matches("details.fa-group")) next.open = true;
    land(el, null);
    return;
  }
  reveal(el);
  for (const old of document.querySelectorAll(".fa-target")) old.classList.remove("fa-target");
  const box = el.matches("td") ? el : el.closest("tr") || el;
  box.classList.add("fa-target");
  showColumn(el);
  // a cell in a card (phones): land the card, so its row label shows above the cell,
  // when the cell still fits the window below it
  const row = box.closest("tr");
  const card = box !== row && row && getComputedStyle(row).display !== "table-row" &&
    box.getBoundingClientRect().bottom - row.getBoundingClientRect().top < window.innerHeight - stickyTop() - 16;
  land(card ? row : box, table.tHead && !table.tHead.contains(el) ? table : null);
}

// Tool groups start folded on a phone (52,000 px of cards otherwise), except the one
// a link points into; the table of contents above them opens one at a time.
function foldGroups() {
  const phone = window.matchMedia(PHONE).matches;
  const target = targetOf(location.hash);
  for (const group of document.querySelectorAll("details.fa-group")) {
    if (group.dataset.folded) continue;
    group.dataset.folded = "1";
    if (!phone || (target && (group.contains(target) || group.previousElementSibling === target))) continue;
    group.open = false;
  }
}

// Tables become labelled cards on a phone (atlas.css): each cell is named by its
// column's header, unless the page already named it (data-label).
function labelCells() {
  for (const table of document.querySelectorAll(".md-typeset table")) {
    const head = table.tHead;
    if (!head || !head.rows.length || table.dataset.labelled) continue;
    table.dataset.labelled = "1";
    const names = [];
    for (const th of head.rows[head.rows.length - 1].cells)
      for (let i = 0; i < th.colSpan; i++) names.push(th.textContent.trim());
    for (const body of table.tBodies)
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (cell.tagName === "TD" && cell.colSpan === 1 && !cell.hasAttribute("data-label") && names[column])
            cell.setAttribute("data-label", names[column]);
          column += cell.colSpan;
        }
      }
  }
}

// Long pages on a phone: a small "Sections" menu in the corner jumps to each part.
function jumpMenu() {
  const old = document.querySelector(".fa-jump-float");
  if (old) old.remove();
  if (!window.matchMedia(PHONE).matches) return;
  const heads = [...document.querySelectorAll("article h2[id]")].filter(h => !h.closest("table, .fa-search-only"));
  if (heads.length < 3 || document.documentElement.scrollHeight < 6 * window.innerHeight) return;
  const nav = document.createElement("nav");
  nav.className = "fa-jump-float";
  nav.setAttribute("aria-label", "Sections of this page");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Sections";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "fa-jump-list");
  const list = document.createElement("ul");
  list.id = "fa-jump-list";
  list.hidden = true;
  const item = (href, text) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.append(a);
    list.append(li);
  };
  item("#", "Top of the page");
  for (const h of heads) item(`#${encodeURIComponent(h.id)}`, h.textContent.replace(/¶\s*$/, "").trim());
  const toggle = open => {
    list.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", () => toggle(list.hidden));
  list.addEventListener("click", event => {
    if (!event.target.closest("a")) return;
    toggle(false);
    if (event.target.getAttribute("href") === "#") {
      event.preventDefault();
      window.scrollTo({ top: 0, behavior: "instant" });
    }
  });
  nav.addEventListener("keydown", event => {
    if (event.key === "Escape" && !list.hidden) {
      toggle(false);
      button.focus();
    }
  });
  nav.append(list, button);
  document.body.append(nav);
}

function links() {
  foldGroups();
  labelCells();
  placeHeads();
  go(location.hash);
  jumpMenu();
}

if (typeof document$ !== "undefined") document$.subscribe(links);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", links);
else links();

if (!window.faHeads) {
  window.faHeads = true;
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", onScroll, { passive: true });
  window.addEventListener("hashchange", () => go(location.hash));
  // the browser may scroll to the fragment again when the page has loaded
  window.addEventListener("load", () => go(location.hash), { once: true });
  document.addEventListener("click", event => {
    const a = event.target.closest && event.target.closest("a[href*='#']");
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (a.origin !== location.origin || a.pathname !== location.pathname || !a.hash || !targetOf(a.hash)) return;
    if (a.hash === location.hash) {
      // no hashchange will follow: land on it here
      event.preventDefault();
      go(a.hash);
    }
  });
}
