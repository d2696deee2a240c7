// Real LanguageTool clients from the npm registry against a running
// tonfall serve: language-grammar-api (which sends every field in the query
// string of its POST) for plain text and for Markdown turned into annotated
// text by annotatedtext-remark, as the VS Code and Obsidian clients build it.
// Offsets are checked after an emoji and an NFD umlaut.
//
// Usage: node clients.mjs http://127.0.0.1:PORT
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const LanguageToolClient = require("language-grammar-api");
const builder = require("annotatedtext-remark");

const server = process.argv[2];
const client = new LanguageToolClient({ endpoint: `${server}/v2` });
const failures = [];
const check = (condition, what) => {
  if (!condition) {
    failures.push(what);
    console.error("FAIL:", what);
  }
};

const refusal = "Da sind Sie bei mir verkehrt";
// Where `refusal` starts in `text`, in UTF-16 units (JavaScript indices).
const startOf = (text) => text.indexOf(refusal);
const spans = (answer) => answer.matches.map((m) => [m.offset, m.length, m.rule.id]);

const languages = await client.languages();
check(Array.isArray(languages) && languages.some((l) => l.longCode === "de-DE"), `languages: ${JSON.stringify(languages)}`);

// Plain text with an emoji and an NFD umlaut before the span.
const plain = "Grüße 😀 " + "Ärger über Öl: ".normalize("NFD") + refusal + ". Viele Grüße";
const answer = await client.check({ text: plain, language: "de-DE" });
check(answer.language && answer.language.code === "de-DE", `language: ${JSON.stringify(answer.language)}`);
const hit = answer.matches.find((m) => m.offset === startOf(plain));
check(hit, `a match at ${startOf(plain)}: ${JSON.stringify(spans(answer))}`);
if (hit) {
  check(plain.slice(hit.offset, hit.offset + hit.length).startsWith("Da sind Sie"), `the span reads: ${plain.slice(hit.offset, hit.offset + hit.length)}`);
  check(hit.replacements.every((r) => typeof r.value === "string"), "replacements are {value}");
  check(typeof hit.sentence === "string" && hit.sentence.includes("verkehrt"), `sentence: ${hit.sentence}`);
}

// Markdown, as the VS Code and Obsidian clients send it: annotated text.
const markdown = [
  "# Ihre Anfrage 😀",
  "",
  "Hallo Frau " + "Müller".normalize("NFD") + ",",
  "",
  `**${refusal}**, und *das* ist [leider](https://example.org) so.`,
  "",
  "```",
  `${refusal} (im Code: nicht geprüft)`,
  "```",
].join("\n");
const annotated = builder.build(markdown);
const viaData = await client.check({ data: JSON.stringify(annotated), language: "auto", level: "picky" });
const inMarkdown = markdown.indexOf(refusal);
const inCode = markdown.lastIndexOf(refusal);
check(viaData.matches.some((m) => m.offset === inMarkdown && markdown.slice(m.offset, m.offset + m.length).startsWith("Da sind")),
  `Markdown: a match at ${inMarkdown}: ${JSON.stringify(spans(viaData))}`);
check(!viaData.matches.some((m) => m.offset === inCode), "nothing in the code block, which is markup");
check(viaData.matches.every((m) => m.offset + m.length <= markdown.length), "every match lies inside the original");

// A language tonfall does not check: LanguageTool's 400, which the client
// accepts as an answer.
let refused = false;
try {
  const other = await client.check({ text: "Hello", language: "en-US" });
  refused = typeof other === "string" && other.startsWith("Error:");
} catch (error) {
  refused = /400|Error/.test(String(error && (error.message || error)));
}
check(refused, "en-US is refused");

console.log(`${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed (${failures.length} failed checks)`);
process.exit(failures.length === 0 ? 0 : 1);
