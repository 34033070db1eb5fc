// `opsbook schema` as an editor uses it: the site's schema, given to a JSON Schema validator
// (Ajv, draft-07), must say of a page's front matter what `opsbook check` says, for the forms
// writers use: keys in any case, review intervals and durations in every unit `check` reads,
// and the ones it refuses. An editor that flags what `check` accepts (or lets through what it
// refuses) teaches writers to ignore it. No browser: the schema is what editors load.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");
const Ajv = require("ajv");

const BIN = process.env.OPSBOOK_BIN;

// Front matter (as JSON, which YAML reads as it is) and whether it is right; the rest of a
// page's front matter is right.
const CASES = [
  [{ title: "Lower-case keys", owner: "team-sre" }, true],
  [{ Title: "Keys in any case", Owner: "team-sre" }, true],
  [{ TITLE: "Upper-case keys", OWNER: "Team-SRE" }, true],
  [{ title: "Unknown key", ownr: "team-sre" }, false],
  [{ title: "Unknown owner", owner: "team-sr" }, false],
  [{ title: "Days", owner: "team-sre", review_every: "90d" }, true],
  [{ title: "Months", owner: "team-sre", review_every: "6 Months" }, true],
  [{ title: "Two units", owner: "team-sre", review_every: "1y 2mo" }, true],
  [{ title: "m is a month", owner: "team-sre", review_every: "6m" }, true],
  [{ title: "Weeks", owner: "team-sre", review_every: "12 wks" }, true],
  [{ title: "ISO 8601", owner: "team-sre", review_every: "P6M" }, true],
  [{ title: "Fortnights", owner: "team-sre", review_every: "3 fortnights" }, false],
  [{ title: "Hours", owner: "team-sre", review_every: "4h" }, false],
  [{ title: "No unit", owner: "team-sre", review_every: "6" }, false],
  [{ title: "A duration", owner: "team-sre", sla: "2 weeks" }, true],
  [{ title: "A duration in hours", owner: "team-sre", sla: "4h" }, false],
  [{ title: "Severity", owner: "team-sre", Severity: "high" }, true],
  [{ title: "Severity unknown", owner: "team-sre", severity: "urgent" }, false],
];

let dir, schema, errorsByPage;

before(() => {
  assert.ok(BIN && fs.existsSync(BIN), "set OPSBOOK_BIN to an opsbook binary (./test does)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-schema-"));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write("opsbook.yaml", [
    "title: Schema",
    "kinds:",
    "  process:",
    "    fields:",
    "      sla: {type: duration}",
    "      severity: {type: enum, values: [low, high]}",
    "",
  ].join("\n"));
  write("owners.yaml", "owners:\n  team-sre:\n    kind: team\n");
  write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
  write("content/processes/_index.md", "---\ntitle: Processes\n---\nAll of them.\n");
  CASES.forEach(([front], i) => {
    const full = { ...front, last_reviewed: "2026-11-01" };
    write(`content/processes/case-${i}.md`, `---\n${JSON.stringify(full)}\n---\nText.\n`);
  });
  schema = JSON.parse(execFileSync(BIN, ["schema", dir], { encoding: "utf8" }));
  const check = spawnSync(BIN, ["check", dir, "--format", "json", "--today", "2026-11-22"], { encoding: "utf8" });
  assert.ok([0, 1].includes(check.status), check.stderr);
  errorsByPage = new Map();
  for (const d of JSON.parse(check.stdout)) {
    if (d.severity !== "error") continue;
    errorsByPage.set(d.path, [...(errorsByPage.get(d.path) || []), `${d.code}: ${d.message}`]);
  }
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the schema says of each page what check says", () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const disagreements = [];
  CASES.forEach(([front, right], i) => {
    const full = { ...front, last_reviewed: "2026-11-01" };
    const checked = errorsByPage.get(`content/processes/case-${i}.md`) || [];
    const valid = validate(full);
    assert.equal(checked.length === 0, right, `check on ${JSON.stringify(front)}: ${checked.join("; ")}`);
    if (valid !== right) {
      disagreements.push(`${JSON.stringify(front)}: schema says ${valid ? "valid" : "invalid"}` +
        (valid ? "" : ` (${validate.errors.map((e) => `${e.instancePath} ${e.message}`).join("; ")})`));
    }
  });
  assert.deepEqual(disagreements, []);
});
