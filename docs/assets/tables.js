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

// Headers that stay: a wide table scrolls sideways inside its box, and a box that
// scrolls one way is a scroll container both ways, so `position: sticky; top`
// would stick to the box, not to the page. While a table's top has scrolled
// under the site header, its header row is moved down to stay in view.
function siteHeaderHeight() {
  const header = document.querySelector(".md-header");
  return header ? header.getBoundingClientRect().height : 0;
}

let pending = false;
function placeHeads() {
  pending = false;
  const top = siteHeaderHeight();
  for (const table of document.querySelectorAll("table.fa-matrix")) {
    const head = table.tHead;
    if (!head) continue;
    const box = table.getBoundingClientRect();
    const shift = Math.max(0, Math.min(top - box.top, box.height - head.offsetHeight));
    const wanted = shift > 0 ? `translateY(${Math.round(shift)}px)` : "";
    if (head.style.transform !== wanted) head.style.transform = wanted;
    head.classList.toggle("fa-head-floating", shift > 0);
  }
}

function onScroll() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(placeHeads);
}

if (!window.faHeads) {
  window.faHeads = true;
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", onScroll, { passive: true });
}
