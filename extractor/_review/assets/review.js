"use strict";
(() => {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const types = data.types;
  const $ = (id) => document.getElementById(id);
  const MAX_TABLE_ROWS = 500;

  // evidence entries: [articleIndex, start, end, typeIndex, rowIndex, grounded]
  const evidenceOf = new Map();
  data.evidence.forEach((ev, k) => {
    if (!evidenceOf.has(ev[0])) evidenceOf.set(ev[0], []);
    evidenceOf.get(ev[0]).push(k);
  });
  const articleIndex = new Map(data.articles.map((a, i) => [a.id, i]));
  // field passages: [articleIndex, start, end, typeIndex, rowIndex, fieldPath]
  const fieldsOf = new Map();
  data.fields.forEach((f) => {
    const key = `${f[3]}:${f[4]}`;
    if (!fieldsOf.has(key)) fieldsOf.set(key, []);
    fieldsOf.get(key).push(f);
  });

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }
  const colour = (t) => `var(--${types[t].config})`;

  function showCounts() {
    const chips = [["articles", data.articles.length, false]];
    types.forEach((t, i) => chips.push([t.label.toLowerCase(), data.records[i].length, false]));
    chips.push(["evidence passages", data.evidence.length, false]);
    if (data.fields.length) chips.push(["field passages", data.fields.length, false]);
    if (data.problems.ungrounded) chips.push(["ungrounded", data.problems.ungrounded, true]);
    if (data.problems.missing_article) chips.push(["evidence without article", data.problems.missing_article, true]);
    $("counts").replaceChildren(
      ...chips.map(([label, n, bad]) => el("span", { className: bad ? "count bad" : "count" }, el("b", { textContent: String(n) }), " " + label)),
    );
    $("legend").replaceChildren(
      ...types.map((t, i) => {
        const swatch = el("span", { className: "swatch" });
        swatch.style.background = colour(i);
        return el("span", {}, swatch, t.label);
      }),
    );
  }

  function showViews() {
    const buttons = [["Articles", () => switchView(null)]];
    types.forEach((t, i) => buttons.push([`${t.label} (${data.records[i].length})`, () => switchView(i)]));
    $("views").replaceChildren(
      ...buttons.map(([label, action], n) => {
        const b = el("button", { type: "button", textContent: label, role: "tab" });
        b.dataset.view = n === 0 ? "articles" : types[n - 1].config;
        b.addEventListener("click", action);
        return b;
      }),
    );
  }

  let currentTable = null;
  function switchView(typeIndex) {
    currentTable = typeIndex;
    $("view-articles").hidden = typeIndex !== null;
    $("view-table").hidden = typeIndex === null;
    const name = typeIndex === null ? "articles" : types[typeIndex].config;
    for (const b of $("views").children) b.setAttribute("aria-selected", String(b.dataset.view === name));
    if (typeIndex !== null) renderTable();
  }

  function showArticleList() {
    const items = data.articles.map((a, i) => {
      const n = (evidenceOf.get(i) || []).length;
      const li = el("li", {}, a.title || a.id, el("div", { className: "n", textContent: `${a.id} · ${n} passages` }));
      li.dataset.index = String(i);
      li.dataset.search = `${a.id} ${a.title || ""}`.toLowerCase();
      return li;
    });
    $("article-list").replaceChildren(...items);
    $("article-list").addEventListener("click", (e) => {
      const li = e.target.closest("li");
      if (li) showArticle(Number(li.dataset.index));
    });
    $("article-filter").addEventListener("input", (e) => {
      const q = e.target.value.trim().toLowerCase();
      for (const li of items) li.hidden = q !== "" && !li.dataset.search.includes(q);
    });
  }

  // Split the text at every span boundary; each segment is marked with all spans covering it.
  // ``focus``: [start, end] passages of a clicked field, outlined on top of the evidence.
  function highlightedText(text, evs, focus = []) {
    const cuts = new Set([0, text.length]);
    for (const k of evs) { cuts.add(data.evidence[k][1]); cuts.add(data.evidence[k][2]); }
    for (const [a, b] of focus) { cuts.add(a); cuts.add(b); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let j = 0; j + 1 < points.length; j++) {
      const [a, b] = [points[j], points[j + 1]];
      const covering = evs.filter((k) => data.evidence[k][1] <= a && data.evidence[k][2] >= b);
      const piece = text.slice(a, b);
      const focused = focus.some(([s, e]) => s <= a && e >= b);
      if (!covering.length) {
        frag.append(focused ? el("mark", { className: "field", textContent: piece }) : piece);
        continue;
      }
      const kinds = [...new Set(covering.map((k) => data.evidence[k][3]))];
      const mark = el("mark", { textContent: piece, title: kinds.map((t) => types[t].label).join(" + ") });
      mark.dataset.ev = covering.join(" ");
      mark.style.setProperty("--c1", colour(kinds[0]));
      if (kinds.length > 1) { mark.classList.add("multi"); mark.style.setProperty("--c2", colour(kinds[1])); }
      if (covering.length > 1) mark.classList.add("deep");
      if (covering.some((k) => !data.evidence[k][5])) mark.classList.add("ungrounded");
      if (focused) mark.classList.add("field");
      frag.append(mark);
    }
    return frag;
  }

  let currentArticle = -1;
  function showArticle(i, focusEvidence) {
    const a = data.articles[i];
    if (!a) return;
    if (i !== currentArticle) {
      currentArticle = i;
      $("article-title").textContent = a.title || a.id;
      $("article-meta").textContent = [a.id, a.publisher, a.published, a.url].filter(Boolean).join(" · ");
      $("article-text").replaceChildren(highlightedText(a.text, evidenceOf.get(i) || []));
      $("article-text").dataset.article = a.id;
      for (const li of $("article-list").children) li.classList.toggle("current", li.dataset.index === String(i));
      history.replaceState(null, "", "#a=" + encodeURIComponent(a.id));
    }
    switchView(null);
    if (focusEvidence !== undefined) {
      const mark = [...$("article-text").querySelectorAll("mark[data-ev]")].find((m) => m.dataset.ev.split(" ").includes(String(focusEvidence)));
      if (mark) { selectMarks(new Set([focusEvidence])); mark.scrollIntoView({ block: "center" }); }
    }
  }

  function selectMarks(evidenceIds) {
    for (const m of $("article-text").querySelectorAll("mark[data-ev]")) {
      m.classList.toggle("selected", m.dataset.ev.split(" ").some((k) => evidenceIds.has(Number(k))));
    }
  }

  // A field of a record clicked: its passages (where the article states it) are outlined.
  function showField(t, r, path) {
    const passages = (fieldsOf.get(`${t}:${r}`) || []).filter((f) => f[5] === path);
    if (!passages.length) return;
    const i = passages[0][0];
    showArticle(i);
    const here = passages.filter((f) => f[0] === i).map((f) => [f[1], f[2]]);
    $("article-text").replaceChildren(highlightedText(data.articles[i].text, evidenceOf.get(i) || [], here));
    const first = $("article-text").querySelector("mark.field");
    if (first) first.scrollIntoView({ block: "center" });
  }

  // The value of one field in the record panel; a field (or list item) with a passage is clickable.
  function fieldValue(t, r, key, value) {
    const paths = new Set((fieldsOf.get(`${t}:${r}`) || []).map((f) => f[5]));
    const clickable = (path, text) => {
      if (!paths.has(path)) return el("span", { textContent: text });
      const link = el("a", { className: "field-link", textContent: text, title: "show where the article states it" });
      link.dataset.field = path;
      link.addEventListener("click", () => showField(t, r, path));
      return link;
    };
    if (Array.isArray(value) && value.length && [...paths].some((p) => p.startsWith(`${key}[`))) {
      const items = value.map((item, j) => clickable(`${key}[${j}]`, formatValue(item)));
      return el("dd", {}, ...items.flatMap((item, j) => (j ? ["; ", item] : [item])));
    }
    return el("dd", {}, clickable(key, formatValue(value)));
  }

  function formatValue(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.length ? value.map(formatValue).join("; ") : "—";
    if (typeof value === "object") {
      if ("name" in value) {
        const extra = [value.country, value.role].filter(Boolean).join(", ");
        return extra ? `${value.name} (${extra})` : value.name;
      }
      return Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${formatValue(v)}`).join(", ");
    }
    return String(value);
  }

  function evidenceLinks(t, r, row) {
    return (row.evidence || []).map((ev) => {
      const link = el("a", { textContent: `${ev.article_id} [${ev.start}–${ev.end}]` });
      link.addEventListener("click", () => {
        const i = articleIndex.get(ev.article_id);
        const k = data.evidence.findIndex((e) => e[0] === i && e[3] === t && e[4] === r && sameSpan(e, ev));
        showArticle(i, k >= 0 ? k : undefined);
      });
      return el("span", { className: "ev" }, link, ` “${ev.text}”`);
    });
  }
  // Python offsets equal UTF-16 offsets unless the text has astral characters; compare the text too.
  const sameSpan = (e, ev) => data.articles[e[0]].text.slice(e[1], e[2]) === ev.text;

  function recordCard(t, r) {
    const row = data.records[t][r];
    const dl = el("dl");
    for (const [key, value] of Object.entries(row)) {
      if (key === "id") continue;
      const dd = key === "evidence" ? el("dd", {}, ...evidenceLinks(t, r, row)) : fieldValue(t, r, key, value);
      dl.append(el("dt", { textContent: key }), dd);
    }
    const card = el("div", { className: "record" }, el("h3", { textContent: `${types[t].label.replace(/s$/, "")} · ${row.id}` }), dl);
    card.dataset.type = types[t].config;
    card.style.setProperty("--c1", colour(t));
    return card;
  }

  function showRecords(pairs) {
    $("details").replaceChildren(...pairs.map(([t, r]) => recordCard(t, r)));
  }

  $("article-text").addEventListener("click", (e) => {
    const mark = e.target.closest("mark[data-ev]");
    if (!mark) return;
    const ids = mark.dataset.ev.split(" ").map(Number);
    const seen = new Set();
    const pairs = [];
    for (const k of ids) {
      const key = `${data.evidence[k][3]}:${data.evidence[k][4]}`;
      if (!seen.has(key)) { seen.add(key); pairs.push([data.evidence[k][3], data.evidence[k][4]]); }
    }
    showRecords(pairs);
    const related = new Set();
    (evidenceOf.get(currentArticle) || []).forEach((k) => { if (seen.has(`${data.evidence[k][3]}:${data.evidence[k][4]}`)) related.add(k); });
    selectMarks(related);
  });

  const searchText = new Map();
  function rowSearch(t, r) {
    const key = `${t}:${r}`;
    if (!searchText.has(key)) searchText.set(key, JSON.stringify(data.records[t][r]).toLowerCase());
    return searchText.get(key);
  }

  function renderTable() {
    const t = currentTable;
    const columns = types[t].columns;
    const q = $("table-filter").value.trim().toLowerCase();
    const rows = data.records[t];
    const matching = [];
    for (let r = 0; r < rows.length; r++) if (!q || rowSearch(t, r).includes(q)) matching.push(r);
    const head = el("tr", {}, ...["id", ...columns, "articles"].map((c) => el("th", { textContent: c })));
    $("record-table").tHead.replaceChildren(head);
    const body = matching.slice(0, MAX_TABLE_ROWS).map((r) => {
      const row = rows[r];
      const articles = new Set((row.evidence || []).map((ev) => ev.article_id));
      const cells = [row.id, ...columns.map((c) => formatValue(row[c])), [...articles].join(", ")];
      const tr = el("tr", {}, ...cells.map((v) => el("td", { textContent: v.length > 200 ? v.slice(0, 199) + "…" : v })));
      tr.addEventListener("click", () => showRecords([[t, r]]));
      return tr;
    });
    $("record-table").tBodies[0].replaceChildren(...body);
    const shown = Math.min(matching.length, MAX_TABLE_ROWS);
    $("table-status").textContent = `${types[t].label}: showing ${shown} of ${matching.length} matching rows (${rows.length} in all)` +
      (types[t].present ? "" : " — this config is not in the dataset");
  }
  $("table-filter").addEventListener("input", renderTable);

  showCounts();
  showViews();
  showArticleList();
  const wanted = decodeURIComponent((location.hash.match(/^#a=(.*)$/) || [])[1] || "");
  if (data.articles.length) showArticle(articleIndex.has(wanted) ? articleIndex.get(wanted) : 0);
  else { switchView(null); $("article-title").textContent = "No articles in this dataset"; }
})();
