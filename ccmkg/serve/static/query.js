// The query page: POST the textarea to /sparql, draw SELECT/ASK results as a table.
// Shipped inside the package; no framework, no CDN.
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const BASE = results.dataset.base;  // the graph's base IRI, written by the page from ccmkg/namespaces.py

  // Where a result IRI may link: graph IRIs to this server's page, http(s) IRIs where they live.
  // Any other scheme (javascript:, data:, ...) stays text: a query's results are anyone's text.
  function linkFor(iri) {
    if (BASE && iri.startsWith(BASE)) return "/" + iri.slice(BASE.length);
    let url;
    try { url = new URL(iri); } catch (err) { return null; }  // parsed as the browser would
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    const href = term.type === "uri" ? linkFor(term.value) : null;
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  function drawTable(data) {
    const table = document.createElement("table");
    table.id = "results-table";
    const head = table.createTHead().insertRow();
    if ("boolean" in data) {
      head.appendChild(document.createElement("th")).textContent = "ASK";
      table.createTBody().insertRow().appendChild(cell({ type: "literal", value: String(data.boolean) }));
      return table;
    }
    data.head.vars.forEach(function (v) { head.appendChild(document.createElement("th")).textContent = v; });
    const body = table.createTBody();
    data.results.bindings.forEach(function (row) {
      const tr = body.insertRow();
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    return table;
  }

  // A failed query: a short line in the status bar, the server's whole message in a box below
  // the form, wrapped and scrollable, so a long parser message never squeezes the page.
  function showError(code, text) {
    status.className = "error";
    status.textContent = "error " + code;
    const box = document.createElement("div");
    box.id = "error"; box.className = "error-box"; box.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = "The query failed (" + code + ")";
    const message = document.createElement("pre");
    message.textContent = text.replace(/^\d{3} /, "");
    box.appendChild(title); box.appendChild(message);
    results.appendChild(box);
  }

  async function run(event) {
    if (event) event.preventDefault();
    const wanted = format.value === "table" ? "application/sparql-results+json, text/turtle;q=0.5" : format.value;
    status.className = ""; status.textContent = "running…"; results.textContent = "";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": wanted },
        body: new URLSearchParams({ query: textarea.value }),
      });
      const text = await response.text();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!response.ok) { showError(response.status, text); return; }
      const truncated = response.headers.get("X-Result-Truncated");
      const type = response.headers.get("Content-Type") || "";
      if (format.value === "table" && type.startsWith("application/sparql-results+json")) {
        const data = JSON.parse(text);
        const n = "boolean" in data ? 1 : data.results.bindings.length;
        status.textContent = n + " result" + (n === 1 ? "" : "s") + " in " + seconds + " s";
        results.appendChild(drawTable(data));
      } else {
        status.textContent = "done in " + seconds + " s (" + type + ")";
        const pre = document.createElement("pre"); pre.className = "raw"; pre.textContent = text;
        results.appendChild(pre);
      }
      if (truncated) {
        const p = document.createElement("p"); p.className = "warning"; p.id = "truncated";
        p.textContent = "Results truncated by the server (" + truncated + ").";
        results.insertBefore(p, results.firstChild);
      }
    } catch (err) {
      status.className = "error"; status.textContent = "request failed: " + err;
    }
  }

  form.addEventListener("submit", run);
  // the saved-query picker opens the chosen query on this page, which runs it
  const saved = document.getElementById("saved");
  if (saved) {
    saved.addEventListener("change", function () {
      if (saved.value) document.getElementById("saved-form").submit();
    });
  }
  if (results.dataset.autorun === "yes") run();
})();
