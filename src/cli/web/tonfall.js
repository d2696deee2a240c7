// The page of tonfall serve: checks the draft with POST /v1/check while the
// writer types, shows the findings underlined and grouped by problem, applies
// a suggestion on click, and the safe fixes of POST /v1/fix after a
// before/after view. Positions come as UTF-16 offsets (utf16_offset), which
// are JavaScript string indices.
"use strict";

const $ = (id) => document.getElementById(id);
const draft = $("entwurf");
const severityName = { error: "Fehler", warning: "Warnung", info: "Hinweis" };
const severityPlural = { error: "Fehler", warning: "Warnungen", info: "Hinweise" };
// What tonfall never lints: template placeholders and quoted history. Shown
// as such in the marked view (the server masks the same).
const placeholder = /\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}|\$\{[^{}\n]*\}|\{[A-Za-z_][\w.]*\}|%\d*\$?[sd]|\[[A-ZÄÖÜ][A-Za-zÄÖÜäöüß ]*\]/g;

let checkedText = null;  // the text the shown findings belong to
let findings = [];
let pending = null;      // the timer of a check after typing
let requestNumber = 0;
let fixed = null;        // the answer of /v1/fix while the comparison is open
let categoryNames = {};  // category id -> German name (GET /v1/categories)

function setStatus(message) {
  $("status").textContent = message;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(text.replace(/^Error: /, "").trim() || response.statusText);
  return JSON.parse(text);
}

function request(text) {
  const body = { text };
  if ($("anrede").value) body.address = $("anrede").value;
  return body;
}

async function check() {
  clearTimeout(pending);
  const text = draft.value;
  const number = ++requestNumber;
  if (!text.trim()) {
    checkedText = text;
    findings = [];
    render();
    setStatus("");
    return;
  }
  setStatus("Wird geprüft …");
  try {
    const answer = await post("/v1/check", request(text));
    if (number !== requestNumber) return;  // a newer check is on its way
    checkedText = text;
    findings = (answer.files[0] && answer.files[0].findings) || [];
    if (answer.files[0] && answer.files[0].error) throw new Error(answer.files[0].error);
    render();
    const counts = countBySeverity(findings);
    setStatus(findings.length === 0 ? "Keine Befunde." :
      `${findings.length} Befund${findings.length === 1 ? "" : "e"}: ` +
      ["error", "warning", "info"].filter((s) => counts[s])
        .map((s) => `${counts[s]} ${counts[s] === 1 ? severityName[s] : severityPlural[s]}`).join(", ") + ".");
  } catch (error) {
    if (number === requestNumber) setStatus("Prüfen fehlgeschlagen: " + error.message);
  }
}

function countBySeverity(list) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of list) counts[f.severity]++;
  return counts;
}

// Appends `text` to `parent`, placeholders and quoted lines marked.
function appendPlain(parent, text) {
  const lines = text.split(/(\n)/);
  for (const line of lines) {
    if (/^\s*>/.test(line)) {
      const span = document.createElement("span");
      span.className = "zitat";
      span.textContent = line;
      parent.append(span);
      continue;
    }
    let at = 0;
    for (const match of line.matchAll(placeholder)) {
      parent.append(line.slice(at, match.index));
      const span = document.createElement("span");
      span.className = "platzhalter";
      span.textContent = match[0];
      parent.append(span);
      at = match.index + match[0].length;
    }
    parent.append(line.slice(at));
  }
}

// The text with the findings underlined; of overlapping ones the first.
function renderMarked(container, text, list) {
  container.replaceChildren();
  let at = 0;
  list.forEach((finding, index) => {
    const begin = finding.utf16_offset;
    const end = begin + finding.utf16_length;
    if (begin < at || end > text.length) return;
    appendPlain(container, text.slice(at, begin));
    const mark = document.createElement("mark");
    mark.className = finding.severity;
    mark.tabIndex = 0;
    mark.textContent = text.slice(begin, end);
    mark.title = `${severityName[finding.severity]}: ${finding.message}`;
    mark.dataset.finding = index;
    const show = () => {
      const target = document.querySelector(`[data-stelle="${index}"]`);
      if (target) {
        target.scrollIntoView({ block: "center" });
        (target.querySelector("button") || target).focus();
      }
    };
    mark.addEventListener("click", show);
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        show();
      }
    });
    container.append(mark);
    at = end;
  });
  appendPlain(container, text.slice(at));
}

// The findings grouped by problem (rule), the worst first.
function renderList() {
  const list = $("liste");
  list.replaceChildren();
  if (findings.length === 0) {
    const p = document.createElement("p");
    p.textContent = checkedText && checkedText.trim() ? "Nichts gefunden: Der Entwurf liest sich freundlich." : "Noch kein Text.";
    list.append(p);
    return;
  }
  const order = { error: 0, warning: 1, info: 2 };
  const groups = new Map();
  findings.forEach((finding, index) => {
    if (!groups.has(finding.rule)) groups.set(finding.rule, []);
    groups.get(finding.rule).push({ finding, index });
  });
  const sorted = [...groups.values()].sort((a, b) => order[a[0].finding.severity] - order[b[0].finding.severity]);
  for (const group of sorted) {
    const first = group[0].finding;
    const box = document.createElement("article");
    box.className = "gruppe";
    const heading = document.createElement("h3");
    const severity = document.createElement("span");
    severity.className = `schwere ${first.severity}`;
    severity.textContent = severityName[first.severity];
    heading.append(severity, `${categoryNames[first.category] || first.category} (${group.length}×)`);
    const message = document.createElement("p");
    message.textContent = first.message;
    box.append(heading, message);
    if (first.advice) {
      const advice = document.createElement("p");
      advice.className = "rat";
      advice.textContent = "Tipp: " + first.advice;
      box.append(advice);
    }
    for (const { finding, index } of group) box.append(occurrence(finding, index));
    list.append(box);
  }
}

function occurrence(finding, index) {
  const place = document.createElement("div");
  place.className = "stelle";
  place.dataset.stelle = index;
  place.tabIndex = -1;
  const quote = document.createElement("q");
  quote.textContent = finding.text;
  place.append(`Zeile ${finding.line}: `, quote);
  if (finding.quoted) place.append(" (im Zitat: nicht Ihr eigener Text)");
  if (finding.suggestions.length > 0) {
    const buttons = document.createElement("div");
    buttons.className = "vorschlaege";
    for (const suggestion of finding.suggestions) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = suggestion === "" ? `„${finding.text}“ streichen` : suggestion;
      button.title = "Vorschlag übernehmen";
      button.addEventListener("click", () => apply(finding, suggestion));
      buttons.append(button);
    }
    place.append(buttons);
  }
  return place;
}

function render() {
  renderMarked($("ansicht"), checkedText || "", findings);
  renderList();
}

// Puts `suggestion` in place of the finding's span, if the text is still
// the one that was checked, and checks again.
function apply(finding, suggestion) {
  if (draft.value !== checkedText) {
    setStatus("Der Text hat sich seit der Prüfung geändert: Bitte erst neu prüfen.");
    return;
  }
  const begin = finding.utf16_offset;
  draft.value = draft.value.slice(0, begin) + suggestion + draft.value.slice(begin + finding.utf16_length);
  draft.focus();
  // A placeholder the suggestion brings is selected, to be typed over.
  const gap = suggestion.search(/\{\{[^{}]*\}\}/);
  if (gap >= 0) {
    const end = suggestion.indexOf("}}", gap) + 2;
    draft.setSelectionRange(begin + gap, begin + end);
    setStatus(`Bitte ${suggestion.slice(gap, end)} durch den passenden Text ersetzen.`);
  } else {
    draft.setSelectionRange(begin, begin + suggestion.length);
  }
  check();
}

const encoder = new TextEncoder();
const byteLength = (text) => encoder.encode(text).length;

// The UTF-16 index of byte offset `offset` of `text`.
function indexOfByte(text, offset) {
  let bytes = 0;
  let index = 0;
  for (const character of text) {
    if (bytes >= offset) break;
    bytes += byteLength(character);
    index += character.length;
  }
  return index;
}

// `text` with the spans [begin, end) (UTF-16) wrapped in `tag`.
function renderSpans(container, text, spans, tag) {
  container.replaceChildren();
  let at = 0;
  for (const [begin, end] of spans) {
    if (begin < at) continue;
    appendPlain(container, text.slice(at, begin));
    const element = document.createElement(tag);
    element.textContent = text.slice(begin, end);
    container.append(element);
    at = end;
  }
  appendPlain(container, text.slice(at));
}

async function applyAll() {
  const before = draft.value;
  if (!before.trim()) return;
  setStatus("Sichere Korrekturen werden berechnet …");
  try {
    fixed = await post("/v1/fix", request(before));
    if (fixed.error) throw new Error(fixed.error);
  } catch (error) {
    setStatus("Korrigieren fehlgeschlagen: " + error.message);
    return;
  }
  fixed.before = before;
  const applied = [...fixed.applied].sort((a, b) => a.offset - b.offset);
  const removed = applied.map((a) => [indexOfByte(before, a.offset), indexOfByte(before, a.offset + a.length)]);
  let shift = 0;
  const inserted = applied.map((a) => {
    const begin = a.offset + shift;
    shift += byteLength(a.after) - a.length;
    return [indexOfByte(fixed.text, begin), indexOfByte(fixed.text, begin + byteLength(a.after))];
  });
  renderSpans($("vorher"), before, removed, "del");
  renderSpans($("nachher"), fixed.text, inserted, "ins");
  const remaining = fixed.remaining.length;
  $("vergleich-info").textContent =
    `${applied.length} sichere Korrektur${applied.length === 1 ? "" : "en"}; ` +
    (remaining === 0 ? "kein Befund bleibt offen." :
      `${remaining === 1 ? "einen Befund" : `${remaining} Befunde`} müssen Sie noch selbst prüfen.`);
  $("vergleich").hidden = false;
  setStatus(applied.length === 0 ? "Keine sichere Korrektur gefunden." : "Vorher und nachher stehen unten.");
  $("uebernehmen").focus();
}

function acceptFixes() {
  if (!fixed) return;
  if (draft.value !== fixed.before) {
    setStatus("Der Text hat sich inzwischen geändert: Bitte die Korrekturen neu berechnen.");
    return;
  }
  draft.value = fixed.text;
  closeComparison();
  check();
  draft.focus();
}

function closeComparison() {
  fixed = null;
  $("vergleich").hidden = true;
}

async function copy() {
  try {
    await navigator.clipboard.writeText(draft.value);
  } catch {
    draft.select();
    document.execCommand("copy");
  }
  setStatus("Text in die Zwischenablage kopiert.");
}

draft.addEventListener("input", () => {
  clearTimeout(pending);
  pending = setTimeout(check, 400);
});
$("anrede").addEventListener("change", check);
$("pruefen").addEventListener("click", check);
$("alle-anwenden").addEventListener("click", applyAll);
$("uebernehmen").addEventListener("click", acceptFixes);
$("verwerfen").addEventListener("click", closeComparison);
$("kopieren").addEventListener("click", copy);
fetch("/v1/categories")
  .then((response) => (response.ok ? response.json() : {}))
  .then((names) => {
    categoryNames = names;
    render();
  })
  .catch(() => {});
render();
