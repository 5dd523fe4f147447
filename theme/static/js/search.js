// The search page: Pagefind's index (built by plugins/search), our own results list.
// Loaded by search.html only; every other page works without any script.

const root = document.querySelector(".search-page");
const form = root.querySelector(".search-form");
const input = form.querySelector("#search-q");
const fieldset = form.querySelector(".search-filters");
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
// One bundle per year of posts (or half or quarter of a busy year) and one for pages: the
// first (newest) brings Pagefind's code, the others are merged into it, and each search
// looks in all of them.
const pagefind = await import(root.dataset.pagefindUrl);
const excerptLength = 28;
await pagefind.options({ excerptLength });
const merged = (root.dataset.pagefindMerge || "").split(" ").filter(Boolean);
await Promise.all(merged.map((bundle) => pagefind.mergeIndex(bundle, { excerptLength })));

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  node.textContent = text;
  return node;
}

// Filters: one checkbox per category and per author, with counts.
const available = await pagefind.filters();
for (const box of fieldset.querySelectorAll(".search-filter")) {
  const name = box.dataset.filter;
  Object.entries(available[name] || {}).sort().forEach(([value, count], i) => {
    const id = `filter-${name}-${i}`;
    const label = element("label", { for: id });
    label.append(element("input", { type: "checkbox", id, name, value }), ` ${value} (${count})`);
    box.append(label);
  });
}
fieldset.hidden = false;

function selectedFilters() {
  const filters = {};
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= { any: [] }).any.push(box.value);
  }
  return filters;
}

const SHOWN = 20;
const BATCH = 10;
const words = (text) => text.toLocaleLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(/[\p{L}\p{N}]+/gu) || [];

function holdsEvery(content, query) {
  const have = words(content);
  return words(query).every((word) => have.some((w) => w.startsWith(word)));
}

async function run() {
  const query = input.value.trim();
  const filters = selectedFilters();
  const url = new URL(location.href);
  query ? url.searchParams.set("q", query) : url.searchParams.delete("q");
  history.replaceState(null, "", url);
  list.replaceChildren();
  if (!query && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  const search = await pagefind.search(query || null, { filters });
  // A bundle without a query word falls back to a shorter prefix of it (Pagefind
  // issue 780); such results rank below the real ones. Pages are checked in batches,
  // best first, until SHOWN hold every word or one does not.
  const results = [];
  let rejected = false;
  for (let i = 0; i < search.results.length && results.length < SHOWN && !rejected; i += BATCH) {
    for (const data of await Promise.all(search.results.slice(i, i + BATCH).map((r) => r.data()))) {
      if (holdsEvery(data.content, query)) results.push(data);
      else rejected = true;
    }
  }
  const total = rejected ? results.length : search.results.length;
  status.textContent = `${total} result${total === 1 ? "" : "s"}` + (query ? ` for “${query}”` : "");
  for (const data of results.slice(0, SHOWN)) {
    const item = element("li", { class: "search-result" });
    const heading = element("h2", { class: "search-result-title" });
    heading.append(element("a", { href: data.url }, data.meta.title));
    const meta = element("p", { class: "search-result-meta" }, [data.meta.authors, data.meta.date].filter(Boolean).join(" · "));
    const excerpt = element("p", { class: "search-result-excerpt" });
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
    item.append(heading, meta, excerpt);
    list.append(item);
  }
}

let timer;
form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
fieldset.addEventListener("change", run);
// What the reader typed while the index loaded is kept; otherwise the address's ?q=.
if (!input.value) input.value = new URL(location.href).searchParams.get("q") || "";
run();
