// The page of tonfall serve in Debian's headless Chromium, driven by
// puppeteer-core as a writer uses it: load, type a draft, see the
// underlines, reach a finding by keyboard, apply a suggestion, apply all safe
// fixes after the before/after view, copy the result. A screenshot of each
// step goes to ARTIFACTS.
//
// Usage: node page.mjs http://127.0.0.1:PORT ARTIFACTS [CHROMIUM]
import { mkdirSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [server, artifacts, chromium = "/usr/bin/chromium"] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const failures = [];
const check = (condition, what) => {
  if (!condition) {
    failures.push(what);
    console.error("FAIL:", what);
  }
};

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const context = browser.defaultBrowserContext();
  await context.overridePermissions(server, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${server}/`, { waitUntil: "networkidle0" });
  check((await page.title()).includes("tonfall"), "the page loads");
  await page.screenshot({ path: `${artifacts}/1-geladen.png` });

  const draft = [
    "Hallo {{kundenname}},",
    "",
    "da sind Sie bei mir verkehrt! Eine Erstattung ist leider nicht möglich.",
    "Bitte haben Sie Verständnis. Wir melden uns zeitnah.",
    "",
    "> Am Montag schrieb Frau Berg: Das ist ja wohl eine Frechheit!",
  ].join("\n");
  await page.click("#entwurf");
  await page.keyboard.sendCharacter(draft);
  await page.waitForSelector("#ansicht mark", { timeout: 15000 });
  const marks = await page.$$eval("#ansicht mark", (all) => all.map((m) => ({ text: m.textContent, cls: m.className })));
  check(marks.length >= 2, `underlines: ${JSON.stringify(marks)}`);
  check(marks.every((m) => ["error", "warning", "info"].includes(m.cls)), "each underline has its severity");
  check(marks.some((m) => /verkehrt/.test(m.text)), `the refusal is underlined: ${JSON.stringify(marks)}`);
  check(await page.$("#ansicht .platzhalter") !== null, "the placeholder is shown as such");
  check(await page.$("#ansicht .zitat") !== null, "the quoted history is shown as such");
  const groups = await page.$$eval("#liste .gruppe h3", (all) => all.map((h) => h.textContent));
  check(groups.length >= 2, `findings grouped by problem: ${groups}`);
  check(groups.some((h) => h.includes("Abweisung")), `groups are named in German: ${groups}`);
  await page.screenshot({ path: `${artifacts}/2-befunde.png`, fullPage: true });

  // By keyboard: a focused underline leads to its finding in the list.
  await page.focus("#ansicht mark");
  await page.keyboard.press("Enter");
  const inList = await page.evaluate(() => document.activeElement && document.activeElement.closest("#liste") !== null);
  check(inList, "Enter on an underline moves to its finding");

  // A suggestion, clicked, replaces its span.
  const before = await page.$eval("#entwurf", (t) => t.value);
  const suggestion = await page.$("#liste .vorschlaege button");
  check(suggestion !== null, "a suggestion button");
  if (suggestion) {
    const label = await suggestion.evaluate((b) => b.textContent);
    await suggestion.click();
    await page.waitForFunction((old) => document.getElementById("entwurf").value !== old, { timeout: 5000 }, before);
    const after = await page.$eval("#entwurf", (t) => t.value);
    check(after !== before && (label.endsWith("streichen") || after.includes(label)), `the suggestion is applied: ${label}`);
    await page.waitForFunction(() => /Befund|Keine/.test(document.getElementById("status").textContent), { timeout: 10000 });
  }
  await page.screenshot({ path: `${artifacts}/3-vorschlag.png`, fullPage: true });

  // All safe fixes: a before/after view first, then taken over.
  await page.click("#alle-anwenden");
  await page.waitForSelector("#vergleich:not([hidden])", { timeout: 10000 });
  const comparison = await page.$eval("#vergleich-info", (p) => p.textContent);
  check(/^[1-9]\d* sichere Korrektur.*(prüfen|offen)\.$/.test(comparison), `the comparison says what it did: ${comparison}`);
  check(await page.$("#vorher del") !== null && await page.$("#nachher ins") !== null, "before and after mark the changes");
  await page.screenshot({ path: `${artifacts}/4-vorher-nachher.png`, fullPage: true });
  const proposed = await page.$eval("#nachher", (d) => d.textContent);
  await page.click("#uebernehmen");
  const taken = await page.$eval("#entwurf", (t) => t.value);
  check(taken === proposed, "the fixed text is taken over as shown");
  check(taken.includes("{{kundenname}}"), "the placeholder is kept");
  check(await page.$eval("#vergleich", (s) => s.hidden), "the comparison closes");
  // Taking over checks the text again; its answer would overwrite the copy's status.
  await page.waitForFunction(() => /Befund|Keine/.test(document.getElementById("status").textContent), { timeout: 10000 });

  // Copy the result.
  await page.click("#kopieren");
  await page.waitForFunction(() => /kopiert/.test(document.getElementById("status").textContent), { timeout: 5000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  check(copied === null || copied === taken, "the clipboard holds the text");
  await page.screenshot({ path: `${artifacts}/5-kopiert.png`, fullPage: true });
  check(errors.length === 0, `no errors in the page: ${errors.join("; ")}`);
} finally {
  await browser.close();
}
console.log(`${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed (${failures.length} failed checks)`);
process.exit(failures.length === 0 ? 0 : 1);
