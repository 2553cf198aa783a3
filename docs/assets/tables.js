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
