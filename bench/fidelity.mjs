// How faithfully the exported patterns carry the rules: every rule's own examples
// (examples.bad must be flagged, examples.good must not) through each peer's dialect.
//
//   node bench/fidelity.mjs PACK_DIR GREP_PATTERNS RG_PATTERNS PRH_DICT > fidelity.json
//
// The exports list the patterns in the order tonfall loads them (pack files by name,
// rules, then patterns), so line k of the grep and rg exports is the k-th pattern here;
// each prh rule names its tonfall rule at the end of its message.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const yaml = require("js-yaml");

const [packDir, grepFile, rgFile, prhFile] = process.argv.slice(2);
const lines = (file) => fs.readFileSync(file, "utf8").split("\n").filter((l) => l.length > 0);
const grepPatterns = lines(grepFile);
const rgPatterns = lines(rgFile);
const prh = yaml.load(fs.readFileSync(prhFile, "utf8"));

const rules = [];
for (const file of fs.readdirSync(packDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const pack = yaml.load(fs.readFileSync(path.join(packDir, file), "utf8"));
  for (const rule of pack.rules ?? []) {
    const patterns = rule.patterns ?? (rule.pattern ? [rule.pattern] : []);
    const why = rule.scope === "document" ? "document" : (rule.unless ?? []).length > 0 ? "unless" : "other";
    rules.push({ id: rule.id, count: patterns.length, why, bad: rule.examples?.bad ?? [], good: rule.examples?.good ?? [] });
  }
}
const total = rules.reduce((n, r) => n + r.count, 0);
if (total !== rgPatterns.length || total !== grepPatterns.length) {
  console.error(`fidelity: ${total} patterns in the pack, ${rgPatterns.length} (rg) and ${grepPatterns.length} (grep) exported`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tonfall-fidelity-"));
const env = { ...process.env, LC_ALL: "C.UTF-8" };

// Which examples a tool flags: each example is a file of its own (some span several
// lines), the tool lists the files it matches (-l); 1-based example numbers.
function flaggedLines(argv, examples) {
  const files = examples.map((e, i) => {
    const file = path.join(tmp, `example-${i + 1}.txt`);
    fs.writeFileSync(file, e.endsWith("\n") ? e : e + "\n");
    return file;
  });
  try {
    const out = execFileSync(argv[0], [...argv.slice(1), ...files], { env, stdio: ["ignore", "pipe", "ignore"] });
    return new Set(out.toString().split("\n").filter(Boolean).map((l) => Number(/example-(\d+)\.txt$/.exec(l)[1])));
  } catch (error) {
    if (error.status === 1) return new Set();
    return null; // the tool failed (a pattern it cannot compile)
  } finally {
    for (const file of files) fs.rmSync(file, { force: true });
  }
}

const prhByRule = new Map();
for (const entry of prh.rules) {
  const id = /\[([^\]]+)\]$/.exec(entry.prh)?.[1];
  const body = /^\/(.*)\/[a-z]*$/s.exec(entry.pattern)[1];
  if (!prhByRule.has(id)) prhByRule.set(id, []);
  prhByRule.get(id).push(new RegExp(body, "gmu")); // the flags prh compiles with
}

const tally = {};
for (const tool of ["grep", "rg", "prh"]) {
  // goodBy: the good examples flagged, by what tonfall has that the export lacks
  tally[tool] = { bad: 0, badHit: 0, good: 0, goodHit: 0, failed: 0, missed: [], goodBy: { unless: 0, document: 0, other: 0 } };
}
let index = 0;
for (const rule of rules) {
  const mine = { grep: grepPatterns.slice(index, index + rule.count), rg: rgPatterns.slice(index, index + rule.count) };
  index += rule.count;
  if (rule.count === 0) continue;
  for (const [kind, examples] of [["bad", rule.bad], ["good", rule.good]]) {
    if (examples.length === 0) continue;
    const grepJoined = "(*UCP)" + mine.grep.map((p) => p.replace(/^\(\*UCP\)/, "")).join("|");
    const results = {
      grep: flaggedLines(["grep", "-l", "-P", "--", grepJoined], examples),
      rg: flaggedLines(["rg", "-l", "--no-config", "-j", "1", "-e", mine.rg.join("|")], examples),
      prh: new Set(examples.flatMap((e, i) => ((prhByRule.get(rule.id) ?? []).some((re) => { re.lastIndex = 0; return re.test(e); }) ? [i + 1] : []))),
    };
    for (const [tool, hit] of Object.entries(results)) {
      if (hit === null) {
        tally[tool].failed += examples.length;
        continue;
      }
      tally[tool][kind] += examples.length;
      tally[tool][kind + "Hit"] += hit.size;
      if (kind === "good") tally[tool].goodBy[rule.why] += hit.size;
      if (kind === "bad") {
        examples.forEach((e, i) => { if (!hit.has(i + 1)) tally[tool].missed.push(`${rule.id}: ${e}`); });
      }
    }
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify({ rules: rules.length, patterns: total, tally }));
