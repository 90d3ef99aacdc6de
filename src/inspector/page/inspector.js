// The Engram inspector: recall with attention weights, a memory's page, the knowledge graph and the timeline, over /v1.

const SVG = "http://www.w3.org/2000/svg";
// The key lives in sessionStorage: gone when the tab closes, never written to disk by the browser (docs/security.md).
localStorage.removeItem("engram.key");
const state = {
  user: localStorage.getItem("engram.user") ?? "",
  key: sessionStorage.getItem("engram.key") ?? "",
  selectedEntity: null,
};

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; text is always set as text, never parsed as HTML. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function showStatus(message) {
  $("status").textContent = message ?? "";
}

async function api(path, body) {
  const headers = { accept: "application/json" };
  if (state.key) headers.authorization = `Bearer ${state.key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.detail ?? `${response.status} ${response.statusText}`);
    error.status = response.status;
    error.code = data.code;
    throw error;
  }
  return data;
}

function scope() {
  return state.user ? { user: state.user } : {};
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

function formatTime(iso) {
  return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "";
}

// Recall ------------------------------------------------------------------------------------------------------------

function breakdownText(result) {
  const b = result.breakdown;
  const parts = Object.entries(b).map(([name, value]) => `${name} ${value.toFixed(3)}`);
  return [
    `weight ${(result.weight * 100).toFixed(1)}%  score ${result.score.toFixed(3)} = ${parts.join(" + ")}`,
    ...result.reasons,
  ].join("\n");
}

async function search(text) {
  showStatus("");
  const list = $("results");
  list.replaceChildren();
  try {
    const answer = await api("/v1/recall", { query: text, k: 20, ...scope() });
    $("search-summary").textContent =
      `${answer.results.length} of ${answer.candidates} candidates, ${answer.tookMs.toFixed(1)} ms; weights are the softmax over all candidates`;
    const top = Math.max(...answer.results.map((r) => r.weight), 1e-9);
    for (const result of answer.results) {
      const bar = el("span", { class: "bar" });
      bar.style.width = `${Math.max(1, (result.weight / top) * 100).toFixed(1)}%`;
      const weight = el(
        "div",
        { class: "weight", title: breakdownText(result), "data-weight": result.weight.toFixed(6) },
        bar,
        el("span", { class: "value", text: `${(result.weight * 100).toFixed(1)}%` }),
      );
      list.append(
        el(
          "li",
          {
            class: "result",
            "data-id": result.id,
            title: breakdownText(result),
            onclick: () => openMemory(result.id),
          },
          weight,
          el(
            "div",
            {},
            el("div", { class: "text", text: result.text }),
            el("div", { class: "reasons", text: result.reasons.join(" · ") }),
          ),
        ),
      );
    }
  } catch (error) {
    showStatus(`recall failed: ${error.message}`);
  }
}

// A memory's page ---------------------------------------------------------------------------------------------------

function strengthChart(points) {
  const width = 400;
  const height = 110;
  const pad = 12;
  const times = points.map((p) => Date.parse(p.at));
  const first = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - first);
  const x = (t) => pad + ((t - first) / span) * (width - 2 * pad);
  const y = (s) => height - pad - s * (height - 2 * pad);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  chart.append(svg("line", { x1: pad, y1: y(0), x2: width - pad, y2: y(0), stroke: "#d9dee4" }));
  chart.append(svg("line", { x1: pad, y1: y(1), x2: width - pad, y2: y(1), stroke: "#eef1f5" }));
  chart.append(
    svg("polyline", { points: points.map((p, i) => `${x(times[i])},${y(p.strength)}`).join(" ") }),
  );
  points.forEach((p, i) => {
    const dot = svg("circle", { cx: x(times[i]), cy: y(p.strength), r: 3 });
    const title = svg("title");
    title.textContent = `${formatTime(p.at)}: strength ${p.strength.toFixed(3)}`;
    dot.append(title);
    chart.append(dot);
  });
  return chart;
}

async function openMemory(id) {
  showStatus("");
  const target = $("memory");
  try {
    const page = await api(`/v1/memories/${encodeURIComponent(id)}`);
    const m = page.memory;
    const facts = [
      ["id", m.id],
      ["kind", m.kind],
      ["user", m.user],
      ["speaker", m.speaker],
      ["happened", formatTime(m.occurredAt)],
      ["recorded", formatTime(m.recordedAt)],
      ["told", `${m.count} time${m.count === 1 ? "" : "s"}`],
      ["strength", m.strength.toFixed(3)],
      ["status", m.status],
    ].filter(([, value]) => value !== null && value !== undefined);
    target.replaceChildren(
      el("p", { class: "text", "data-id": m.id, text: m.text }),
      el(
        "table",
        { class: "facts" },
        ...facts.map(([name, value]) =>
          el("tr", {}, el("th", { text: name }), el("td", { text: String(value) })),
        ),
      ),
      el("h3", { text: "Sources" }),
      el(
        "table",
        { class: "sources" },
        el(
          "tr",
          {},
          el("th", { text: "happened" }),
          el("th", { text: "source" }),
          el("th", { text: "session" }),
        ),
        ...page.sources.map((s) =>
          el(
            "tr",
            {},
            el("td", { text: formatTime(s.occurredAt) }),
            el("td", { text: s.source ?? "—" }),
            el("td", { text: s.session ?? "—" }),
          ),
        ),
      ),
      el("h3", { text: "History" }),
      el(
        "ol",
        { class: "history" },
        ...page.history.map((h) =>
          el(
            "li",
            {
              class: "timeline-item",
              onclick: h.memoryId ? () => openMemory(h.memoryId) : undefined,
            },
            el("time", { text: formatTime(h.at) }),
            el("strong", { text: `${h.event} ` }),
            el("span", { text: h.detail }),
          ),
        ),
      ),
      el("h3", { text: "Strength over time" }),
      el("div", { class: "strength" }, strengthChart(page.strength)),
    );
  } catch (error) {
    showStatus(`cannot open memory: ${error.message}`);
  }
}

// The knowledge graph -----------------------------------------------------------------------------------------------

/** Nodes start on a circle, then Fruchterman–Reingold forces (repel all, pull along relations) with cooling. */
function layout(entities, relations, width, height) {
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width, height) / 2 - 40;
  const positions = new Map();
  entities.forEach((entity, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, entities.length);
    positions.set(entity.name, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) });
  });
  const k = 0.6 * Math.sqrt((width * height) / Math.max(1, entities.length));
  let temperature = width / 10;
  for (let round = 0; round < 80; round++) {
    const moves = new Map(entities.map((e) => [e.name, { x: 0, y: 0 }]));
    for (const a of entities) {
      for (const b of entities) {
        if (a === b) continue;
        const pa = positions.get(a.name);
        const pb = positions.get(b.name);
        const dx = pa.x - pb.x;
        const dy = pa.y - pb.y;
        const distance = Math.max(0.01, Math.hypot(dx, dy));
        const push = (k * k) / distance;
        moves.get(a.name).x += (dx / distance) * push;
        moves.get(a.name).y += (dy / distance) * push;
      }
    }
    for (const r of relations) {
      const pa = positions.get(r.from);
      const pb = positions.get(r.to);
      if (!pa || !pb || pa === pb) continue;
      const dx = pb.x - pa.x;
      const dy = pb.y - pa.y;
      const distance = Math.max(0.01, Math.hypot(dx, dy));
      const pull = (distance * distance) / k;
      moves.get(r.from).x += (dx / distance) * pull;
      moves.get(r.from).y += (dy / distance) * pull;
      moves.get(r.to).x -= (dx / distance) * pull;
      moves.get(r.to).y -= (dy / distance) * pull;
    }
    for (const [name, move] of moves) {
      const p = positions.get(name);
      const length = Math.max(0.01, Math.hypot(move.x, move.y));
      const step = Math.min(length, temperature);
      p.x = Math.min(width - 60, Math.max(20, p.x + (move.x / length) * step));
      p.y = Math.min(height - 20, Math.max(20, p.y + (move.y / length) * step));
    }
    temperature *= 0.95;
  }
  return positions;
}

function showEntity(entity, graph) {
  state.selectedEntity = entity.name;
  for (const node of document.querySelectorAll("#graph .node")) {
    node.classList.toggle("selected", node.dataset.name === entity.name);
  }
  const relations = graph.relations.filter((r) => r.from === entity.name || r.to === entity.name);
  $("entity").replaceChildren(
    el("h3", { text: `${entity.name} (${entity.entityType})` }),
    el("ul", {}, ...entity.observations.map((o) => el("li", { text: o }))),
    el(
      "ul",
      { class: "muted" },
      ...relations.map((r) => el("li", { text: `${r.from} —${r.relationType}→ ${r.to}` })),
    ),
  );
}

async function loadGraph() {
  const target = $("graph");
  try {
    const graph = await api(`/v1/graph${query(scope())}`);
    const width = 600;
    const height = 360;
    const positions = layout(graph.entities, graph.relations, width, height);
    const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, "data-entities": graph.entities.length });
    for (const r of graph.relations) {
      const a = positions.get(r.from);
      const b = positions.get(r.to);
      if (!a || !b) continue;
      const edge = svg("g", { class: "edge" });
      edge.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y }));
      const label = svg("text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3, "text-anchor": "middle" });
      label.textContent = r.relationType;
      edge.append(label);
      drawing.append(edge);
    }
    for (const entity of graph.entities) {
      const p = positions.get(entity.name);
      const node = svg("g", { class: "node", "data-name": entity.name, tabindex: 0 });
      node.append(svg("circle", { cx: p.x, cy: p.y, r: 9 }));
      const label = svg("text", { x: p.x + 12, y: p.y + 4 });
      label.textContent = entity.name;
      node.append(label);
      node.addEventListener("click", () => showEntity(entity, graph));
      drawing.append(node);
    }
    target.replaceChildren(
      drawing,
      el("p", {
        class: "muted",
        text: `${graph.entities.length} entities, ${graph.relations.length} relations`,
      }),
    );
  } catch (error) {
    target.replaceChildren(el("p", { class: "muted", text: `The graph is not available: ${error.message}` }));
  }
}

// The timeline ------------------------------------------------------------------------------------------------------

async function loadTimeline() {
  const list = $("timeline");
  try {
    const { episodes } = await api(`/v1/timeline${query({ ...scope(), limit: "200" })}`);
    list.replaceChildren(
      ...episodes.map((m) =>
        el(
          "li",
          { class: "timeline-item", "data-id": m.id, onclick: () => openMemory(m.id) },
          el("time", { datetime: m.occurredAt, text: formatTime(m.occurredAt) }),
          el("span", { text: `${m.speaker ? `${m.speaker}: ` : ""}${m.text}` }),
        ),
      ),
    );
    if (episodes.length === 0) list.append(el("li", { class: "muted", text: "No episodes yet." }));
  } catch (error) {
    showStatus(`timeline failed: ${error.message}`);
  }
}

// Recall weights ----------------------------------------------------------------------------------------------------

async function loadWeights() {
  const table = $("weights");
  try {
    const view = await api("/v1/weights");
    $("weights-summary").textContent =
      `${view.origin} weights${view.updatedAt ? `, learned ${formatTime(view.updatedAt)}` : ""}; ${view.feedback} feedback records (score = Σ weight × feature)`;
    const header = el(
      "tr",
      {},
      ...["feature", "term", "weight", "default", "prior"].map((name) => el("th", { text: name })),
    );
    const rows = view.features.map((f) =>
      el(
        "tr",
        { class: "weight-row", "data-feature": f.name, title: f.description },
        el("td", { text: f.name }),
        el("td", { text: f.term }),
        el("td", { class: "number", text: f.weight.toFixed(3) }),
        el("td", { class: "number", text: f.default.toFixed(3) }),
        el("td", { class: "number", text: String(f.prior) }),
      ),
    );
    table.replaceChildren(header, ...rows);
  } catch (error) {
    showStatus(`weights failed: ${error.message}`);
  }
}

// Wiring ------------------------------------------------------------------------------------------------------------

function refresh() {
  void loadGraph();
  void loadTimeline();
  void loadWeights();
}

$("user").value = state.user;
$("key").value = state.key;
$("settings").addEventListener("submit", (event) => {
  event.preventDefault();
  state.user = $("user").value.trim();
  state.key = $("key").value.trim();
  localStorage.setItem("engram.user", state.user);
  sessionStorage.setItem("engram.key", state.key);
  refresh();
});
$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("query").value.trim();
  if (text) void search(text);
});
refresh();
