// gkstats' local page: plain JavaScript, no library, nothing fetched from outside this server.
// Every figure, finding and table comes from the JSON API (/api/check, /api/report,
// /api/batch, /api/parse); the tables are drawn by gkstats itself (the report's layout) and
// only coloured here, by the cell ids the findings name.
"use strict";

const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const STATUS = { checked: "已校验", unreadable: "无法读取" };
const $ = (id) => document.getElementById(id);
const state = { file: null, previous: null, check: null, batchFiles: [], markedSpent: false };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function num(v) {
  if (v === null || v === undefined) return "";
  return typeof v === "number" ? v.toLocaleString("zh-CN") : String(v);
}

// --- talking to the server ----------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.zh || `服务器返回 ${status}`);
    this.status = status;
    this.body = body || {};
    this.en = e.en || "";
  }
}

async function post(url, form) {
  let response;
  try {
    response = await fetch(url, { method: "POST", body: form });
  } catch (err) {
    throw new ApiError(0, { error: { zh: "无法连接 gkstats（服务可能已停止）", en: String(err) } });
  }
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    const body = type.includes("json") ? await response.json() : null;
    throw new ApiError(response.status, body);
  }
  return type.includes("json") ? response.json() : response;
}

function busy(target, text) {
  target.className = "gk-status gk-busy";
  target.textContent = text;
}

function done(target, text) {
  target.className = "gk-status";
  target.textContent = text || "";
}

function failed(target, err) {
  target.className = "gk-status gk-failed";
  target.replaceChildren(el("span", {}, err.message), err.en ? el("small", {}, err.en) : null);
}

function fileNameFrom(response, fallback) {
  const header = response.headers.get("content-disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  return star ? decodeURIComponent(star[1]) : fallback;
}

async function saveBlob(response, fallback) {
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: fileNameFrom(response, fallback) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

// --- drawing results ----------------------------------------------------------------------

function drawTables(target, view) {
  target.replaceChildren(
    ...view.map((t) => {
      const box = el("div", { class: "gk-sheet", "data-table": t.key });
      box.append(el("h3", {}, t.title));
      box.insertAdjacentHTML("beforeend", t.html); // gkstats' own, escaped HTML
      return box;
    }),
  );
}

function cellsOf(target, id) {
  return target.querySelectorAll(`td[data-cell="${CSS.escape(id)}"]`);
}

function thisYear(loc, year) {
  return loc.year === undefined || loc.year === null || loc.year === year;
}

function colourFindings(target, doc) {
  for (const f of doc.findings) {
    if (f.severity === "info") continue;
    for (const loc of f.locations) {
      if (!thisYear(loc, doc.year)) continue;
      for (const td of cellsOf(target, loc.id)) {
        if (f.severity === "error") td.classList.remove("gk-warning");
        if (!td.classList.contains("gk-error")) td.classList.add(`gk-${f.severity}`);
        td.title = (td.title ? td.title + "\n" : "") + `[${f.rule}] ${f.message.zh}`;
      }
    }
  }
}

function suggestion(doc) {
  const best = doc.locate && doc.locate.candidates && doc.locate.candidates[0];
  return best ? best.cells : {};
}

function markSuggestions(target, doc) {
  for (const [id, value] of Object.entries(suggestion(doc))) {
    for (const td of cellsOf(target, id)) {
      td.classList.add("gk-focus");
      td.append(el("span", { class: "gk-suggest" }, `→ ${num(value)}`));
    }
  }
}

function flash(target, ids) {
  let first = null;
  for (const id of ids) {
    for (const td of cellsOf(target, id)) {
      td.classList.remove("gk-flash");
      void td.offsetWidth; // restart the animation
      td.classList.add("gk-flash");
      first = first || td;
    }
  }
  if (first) first.scrollIntoView({ behavior: "smooth", block: "center", inline: "center" });
}

function whereText(f, year) {
  const shown = f.locations.slice(0, 4).map((l) => {
    const label = [(l.row || []).slice(-1)[0], (l.column || []).slice(-1)[0]].filter(Boolean).join("·");
    const cell = l.address ? ` ${l.address.split("!").pop()}` : "";
    const prefix = thisYear(l, year) ? "" : `${l.year}年度 `;
    const table = l.table && l.table.length === 1 ? `表${l.table}` : "";
    return `${prefix}${table}「${label}」${cell}`;
  });
  const more = f.locations.length > 4 ? ` 等 ${f.locations.length} 格` : "";
  return shown.join("；") + more;
}

function findingsTable(doc, tablesBox, showInfo) {
  const shown = doc.findings.filter((f) => showInfo || f.severity !== "info");
  if (!shown.length) return el("p", { class: "gk-hint" }, "没有需要处理的问题。");
  const fix = suggestion(doc);
  const rows = shown.map((f) => {
    const proposed = f.cells.filter((id) => id in fix).map((id) => num(fix[id]));
    const sides = f.lhs === null && f.rhs === null ? "" : `${num(f.lhs)} ≠ ${num(f.rhs)}`;
    return el(
      "tr",
      { class: `gk-finding gk-${f.severity}`, "data-rule": f.rule, onclick: () => flash(tablesBox, f.cells) },
      el("td", {}, el("span", { class: `gk-sev gk-${f.severity}` }, SEVERITY[f.severity] || f.severity)),
      el("td", { class: "gk-rule" }, f.rule),
      el("td", {}, f.message.zh, el("div", { class: "gk-where" }, whereText(f, doc.year))),
      el("td", { class: "gk-num" }, sides),
      el("td", { class: "gk-num" }, proposed.join("、")),
    );
  });
  return el(
    "table",
    { class: "gk-list gk-findings" },
    el("thead", {}, el("tr", {}, ["严重程度", "规则", "问题（点击在表中定位）", "两边", "建议值"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows),
  );
}

function summaryLine(doc, source) {
  const c = doc.counts || { errors: 0, warnings: 0 };
  const verdict = doc.valid
    ? el("span", { class: "gk-verdict gk-ok" }, "✓ 校验通过")
    : el("span", { class: "gk-verdict gk-bad" }, "✗ 校验未通过");
  return [
    el("span", { class: "gk-organ" }, doc.organ || "（未填单位名称）"),
    el("span", {}, `${doc.year}年度 · 格式 ${doc.format}`),
    verdict,
    el("span", {}, `${c.errors} 个错误，${c.warnings} 个警告`),
    el("span", { class: "gk-source" }, source || ""),
  ];
}

function locateBox(doc) {
  const loc = doc.locate;
  if (!loc) return [];
  const items = (loc.candidates || []).slice(0, 3).map((c) => el("li", {}, c.explanation.zh));
  return [el("strong", {}, "怎么改："), el("span", {}, loc.reason.zh), items.length ? el("ol", {}, items) : null];
}

function showYearOverYear(target, doc, on) {
  for (const old of target.querySelectorAll(".gk-prev")) old.remove();
  if (!on || !doc.previous) return;
  const before = doc.previous.cells || {};
  for (const td of target.querySelectorAll("td[data-cell]")) {
    const id = td.dataset.cell;
    if (!(id in before) || before[id] === null) continue;
    const was = before[id];
    const now = (doc.table.cells || {})[id];
    const line = el("span", { class: "gk-prev" }, `上年 ${num(was)}`);
    if (typeof was === "number" && typeof now === "number" && now !== was) {
      const up = now > was;
      line.append(" ", el("span", { class: up ? "gk-up" : "gk-down" }, `${up ? "▲" : "▼"}${num(Math.abs(now - was))}`));
    }
    td.append(line);
  }
}

function showCheck(doc) {
  state.check = doc;
  state.markedSpent = false;
  $("check-result").hidden = false;
  $("check-summary").replaceChildren(...summaryLine(doc, doc.source));
  const marked = $("download-marked");
  marked.hidden = !doc.marked;
  marked.classList.remove("gk-spent");
  marked.textContent = "下载标记后的工作簿";
  if (doc.marked) marked.href = doc.marked;
  $("check-locate").replaceChildren(...locateBox(doc));
  const tables = $("check-tables");
  drawTables(tables, doc.view);
  colourFindings(tables, doc);
  markSuggestions(tables, doc);
  $("check-findings").replaceChildren(findingsTable(doc, tables, false));
  $("yoy-toggle").hidden = !doc.previous;
  $("yoy").checked = Boolean(doc.previous);
  showYearOverYear(tables, doc, Boolean(doc.previous));
  done($("report-status"));
}

async function runCheck() {
  if (!state.file) return;
  const status = $("check-status");
  const form = new FormData();
  form.append("file", state.file);
  if (state.previous) form.append("previous", state.previous);
  busy(status, `正在读取并校验 ${state.file.name} …`);
  try {
    const doc = await post("/api/check", form);
    showCheck(doc);
    done(status, doc.valid ? "校验完成：表内勾稽关系全部成立。" : "校验完成：表中标色的单元格有问题，见下方清单。");
  } catch (err) {
    $("check-result").hidden = true;
    failed(status, err);
  }
}

async function downloadReport(kind) {
  if (!state.file) return;
  const status = $("report-status");
  const form = new FormData();
  form.append("file", state.file);
  busy(status, "正在生成年度报告 …");
  try {
    const response = await post(`/api/report?format=${kind}`, form);
    await saveBlob(response, `年度报告.${kind}`);
    done(status, "年度报告已生成并下载。");
  } catch (err) {
    failed(status, err);
  }
}

// --- supervising offices: many files --------------------------------------------------------

function batchTable(doc) {
  const rows = doc.files.map((r, k) =>
    el(
      "tr",
      { "data-index": k, onclick: () => openBatchFile(k) },
      el("td", {}, r.organ || "—", el("div", { class: "gk-where" }, r.path)),
      el("td", { class: "gk-num" }, r.year ?? ""),
      el("td", {}, r.format || ""),
      el("td", {}, el("span", { class: `gk-sev gk-${r.status === "checked" ? (r.valid ? "checked" : "error") : "unreadable"}` },
        r.status === "checked" ? (r.valid ? "通过" : "未通过") : STATUS[r.status] || r.status)),
      el("td", { class: "gk-num" }, r.errors ?? ""),
      el("td", { class: "gk-num" }, r.warnings ?? ""),
      el("td", {}, r.first_finding || r.reason || ""),
    ),
  );
  return el(
    "table",
    { class: "gk-list gk-batch", id: "batch-table" },
    el("thead", {}, el("tr", {}, ["单位", "年度", "格式", "状态", "错误", "警告", "第一个问题"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows),
  );
}

function chartBox(title, svg) {
  if (!svg) return null;
  const box = el("div", { class: "gk-chart-box" }, el("h3", {}, title));
  box.insertAdjacentHTML("beforeend", svg); // drawn by gkstats, text escaped
  return box;
}

function consolidatedBox(doc) {
  if (doc.consolidation_error) {
    return [el("h2", {}, "汇总表"), el("p", { class: "gk-status gk-failed" }, `未能汇总：${doc.consolidation_error.zh}`)];
  }
  const c = doc.consolidated;
  if (!c) return [];
  const units = c.provenance.units.map((u) =>
    el("tr", {},
      el("td", {}, u.organ || "—"),
      el("td", {}, u.source),
      el("td", {}, el("span", { class: `gk-sev gk-${u.valid ? "checked" : "error"}` }, u.valid ? "通过" : "未通过")),
      el("td", { class: "gk-num" }, u.errors),
      el("td", { class: "gk-num" }, u.warnings),
      el("td", {}, u.first_error || "")),
  );
  const tables = el("div", { class: "gk-sheets", id: "consolidated-tables" });
  drawTables(tables, c.view);
  for (const [id, parts] of Object.entries(c.provenance.contributions)) {
    for (const td of cellsOf(tables, id)) td.title = "来源：" + parts.map(([src, v]) => `${src} ${num(v)}`).join("；");
  }
  return [
    el("h2", {}, `汇总表（${c.year}年度，${c.provenance.units.length} 个单位）`),
    el("div", { class: "gk-downloads" },
      el("a", { class: "gk-button gk-primary", id: "download-consolidated-xlsx", href: c.downloads.xlsx, download: true }, "下载汇总表（Excel）"),
      el("a", { class: "gk-button", id: "download-consolidated-json", href: c.downloads.json, download: true }, "下载汇总表（JSON，含来源）")),
    el("p", { class: "gk-hint" }, "有错误的单位也计入汇总，并在下表标出；鼠标停在汇总表的数字上可看各单位的数。"),
    el("table", { class: "gk-list gk-units" },
      el("thead", {}, el("tr", {}, ["单位", "文件", "校验", "错误", "警告", "第一个错误"].map((h) => el("th", {}, h)))),
      el("tbody", {}, units)),
    tables,
  ];
}

async function runBatch(files) {
  state.batchFiles = files;
  const status = $("batch-status");
  const form = new FormData();
  for (const f of files) form.append("files", f);
  busy(status, `正在校验 ${files.length} 个文件 …`);
  try {
    const doc = await post("/api/batch", form);
    $("batch-result").hidden = false;
    $("batch-rows").replaceChildren(batchTable(doc));
    $("batch-charts").replaceChildren(
      ...[chartBox("各单位申请与办理结果", doc.charts.flows), chartBox("各规则发现的问题数", doc.charts.findings)].filter(Boolean),
    );
    $("batch-consolidated").replaceChildren(...consolidatedBox(doc));
    const bad = doc.files.filter((r) => r.status !== "checked" || !r.valid).length;
    done(status, `共 ${doc.files.length} 个文件，${bad} 个需要处理。`);
  } catch (err) {
    $("batch-result").hidden = true;
    failed(status, err);
  }
}

function openBatchFile(k) {
  const file = state.batchFiles[k];
  if (!file) return;
  state.file = file;
  state.previous = null;
  $("file-name").textContent = file.name;
  $("previous-name").textContent = "";
  selectTab("tab-check");
  runCheck();
}

// --- researchers: a published report --------------------------------------------------------

async function runParse(file) {
  const status = $("parse-status");
  const form = new FormData();
  form.append("file", file);
  busy(status, `正在解析 ${file.name} …`);
  try {
    const doc = await post("/api/parse", form);
    $("parse-result").hidden = false;
    const c = doc.counts;
    $("parse-summary").replaceChildren(
      ...summaryLine({ ...doc, counts: doc.check_counts }, doc.source),
      el("span", {}, `读取 ${c.ok} 格，空白 ${c.blank}，未找到 ${c.missing}，有歧义 ${c.ambiguous}`),
    );
    const tables = $("parse-tables");
    drawTables(tables, doc.view);
    for (const cell of doc.cells) {
      if (cell.status !== "missing" && cell.status !== "ambiguous") continue;
      for (const td of cellsOf(tables, cell.id)) {
        td.classList.add(`gk-${cell.status}`);
        if (cell.raw) td.textContent = cell.raw;
        td.title = cell.status === "missing" ? "报告中未找到" : `「${cell.raw}」可读作 ${(cell.candidates || []).join("、")}`;
      }
    }
    colourFindings(tables, doc);
    $("parse-findings").replaceChildren(findingsTable(doc, tables, false));
    done(status, "解析完成。");
  } catch (err) {
    $("parse-result").hidden = true;
    failed(status, err);
  }
}

// --- wiring ---------------------------------------------------------------------------------

function selectTab(id) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.id === id;
    tab.setAttribute("aria-selected", String(on));
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

function dropZone(zone, input, onFiles) {
  input.addEventListener("change", () => {
    if (input.files.length) onFiles([...input.files]);
    input.value = ""; // the same file chosen again is checked again
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("gk-over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("gk-over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("gk-over");
    if (e.dataTransfer.files.length) onFiles([...e.dataTransfer.files]);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const tab of document.querySelectorAll('[role="tab"]')) tab.addEventListener("click", () => selectTab(tab.id));
  dropZone($("drop-file"), $("file"), (files) => {
    state.file = files[0];
    $("file-name").textContent = files[0].name;
    runCheck();
  });
  dropZone($("drop-previous"), $("previous"), (files) => {
    state.previous = files[0];
    $("previous-name").textContent = files[0].name;
    runCheck();
  });
  dropZone($("drop-files"), $("files"), (files) => {
    $("files-name").textContent = `${files.length} 个文件`;
    runBatch(files);
  });
  dropZone($("drop-report"), $("report-file"), (files) => {
    $("report-file-name").textContent = files[0].name;
    runParse(files[0]);
  });
  for (const button of document.querySelectorAll("[data-format]")) {
    button.addEventListener("click", () => downloadReport(button.dataset.format));
  }
  $("yoy").addEventListener("change", (e) => showYearOverYear($("check-tables"), state.check, e.target.checked));
  // each result URL is served once: a second click checks again for a fresh one
  $("download-marked").addEventListener("click", async (e) => {
    if (!state.markedSpent) {
      state.markedSpent = true;
      setTimeout(() => {
        $("download-marked").classList.add("gk-spent");
        $("download-marked").textContent = "再次下载标记后的工作簿";
      }, 0);
      return;
    }
    e.preventDefault();
    await runCheck();
    if (state.check && state.check.marked) {
      state.markedSpent = true;
      window.location.href = state.check.marked;
    }
  });
});
