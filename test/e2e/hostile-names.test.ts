// Issue 11, hostile names: one payload of Markdown, HTML, HCL, YAML, shell and terminal-control
// syntax is put into every kind of name keyless shows — environment, secret, IAM user, role, account
// and OU names, step names, workflow and job names, job ids and a workflow file name (GitHub's rules
// keep repository names plain) —
// then audit, plan, generate and the pr dry run run through the built CLI on that inventory, and
// every file and stream they write is checked the way its reader would read it.
import { readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { liveMarkdown } from "../support/report/live-markdown.js";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeInventory } from "../../src/inventory/parse.js";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";
import { parseHcl } from "../support/generate/terraform.js";
import { attr, elements, externalReferences } from "../support/report/dom.js";
import { parse as parseHtml } from "parse5";
import { isMap, isScalar, parseDocument, Scalar } from "yaml";
import { worldToInventory } from "../support/world-to-inventory.js";

const PAYLOAD = [
  "[x](//evil.example) ![i](//evil.example/p.png) <https://evil.example> `tick` a|b",
  "<script>alert(1)</script><img src=x onerror=alert(1)>",
  '${var.leak} %{ if true }x%{ endif } "q" \'s',
  "k: v #c &a *a {}",
  "$(touch /tmp/pwned) `id`; rm -rf ~",
  "\u001b[31mred \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u0007 \u202egnp.exe",
].join("\n");
const bad = (base: string) => `${base}${PAYLOAD}`;
/** Raw control bytes that act on a terminal or a reader: ESC, BEL, other C0/C1, bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileInventory(): string {
  const world = buildScenario("acme");
  for (const repo of world.github.repos) {
    for (const env of repo.environments) {
      const old = env.name;
      env.name = bad(old);
      for (const [path, text] of Object.entries(repo.files)) {
        if (typeof text === "string") repo.files[path] = text.replace(new RegExp(`(environment:\\s*)${old}\\b`, "g"), `$1${JSON.stringify(env.name)}`);
      }
      env.secrets.push({ name: bad("AWS_SECRET_ACCESS_KEY"), createdAt: world.now, updatedAt: world.now } as (typeof env.secrets)[number]);
    }
    if (repo.secrets.length > 0) repo.secrets.push({ ...repo.secrets[0]!, name: bad("AWS_ACCESS_KEY_ID") });
    for (const [path, text] of Object.entries(repo.files)) {
      if (typeof text === "string") repo.files[path] = text.replaceAll("- name: Configure AWS credentials", `- name: ${JSON.stringify(bad("Configure"))}`);
    }
  }
  // Workflow `name:` and each job's `name:` are free text in every workflow.
  for (const repo of world.github.repos) {
    for (const [path, text] of Object.entries(repo.files)) {
      if (typeof text === "string" && path.startsWith(".github/workflows/")) repo.files[path] = renamed(text, false);
    }
  }
  const billing = world.github.repos.find((r) => r.fullName === "acme/billing-api")!;
  const release = billing.files[".github/workflows/release.yml"] as string;
  // Job ids too (GitHub's parser refuses them, keyless must still show them inertly, or skip the file).
  billing.files[".github/workflows/hostile-job-ids.yml"] = renamed(release, true);
  // A file name holds no `/` and at most 255 bytes: a shorter payload of the same kinds.
  billing.files[".github/workflows/[x](javascript:alert(1)) ![i](https:evil.example) <img src=x onerror=alert(1)> ${a} %{b} $(touch pwned) `id`; &a *a #c\nk: v\r\u001b[31m\u202e.yml"] = release;
  // Spreadsheet formulas start with = + - @: IAM user names may start with `=`, account names with `+`.
  for (const account of world.aws.accounts) account.name = bad(`+${account.name}`);
  const inventory = worldToInventory(world);
  const aws = inventory.aws!;
  for (const account of aws.accounts) account.ouPath = [bad("Workloads"), bad("Prod")];
  const users = new Map<string, string>();
  for (const user of aws.users) {
    const renamed = bad(`=HYPERLINK("//evil.example","${user.userName}")`);
    users.set(`${user.accountId}/${user.userName}`, renamed);
    user.arn = user.arn.replace(user.userName, renamed);
    user.userName = renamed;
  }
  for (const key of aws.accessKeys) key.userName = users.get(`${key.accountId}/${key.userName}`) ?? key.userName;
  for (const role of aws.roles ?? []) {
    role.arn = role.arn.replace(role.roleName, bad(role.roleName));
    role.roleName = bad(role.roleName);
  }
  return serializeInventory(inventory);
}

/** The workflow and its jobs named with the payload; with `ids`, the job ids too (and their `needs`). */
function renamed(text: string, ids: boolean): string {
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) return text;
  doc.set("name", bad("Workflow"));
  const jobs = doc.get("jobs");
  if (!isMap(jobs)) return text;
  const idOf = new Map<string, string>();
  for (const pair of jobs.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const old = String(pair.key.value);
    pair.value.set("name", bad(`Job ${old}`));
    if (ids) {
      idOf.set(old, bad(old));
      pair.key = new Scalar(bad(old));
    }
  }
  for (const pair of jobs.items) {
    if (!isMap(pair.value)) continue;
    const needs = pair.value.get("needs");
    if (typeof needs === "string" && idOf.has(needs)) pair.value.set("needs", idOf.get(needs));
  }
  return doc.toString({ lineWidth: 0 });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  return out;
}


describe("hostile names in every output", () => {
  let dir: string;
  const runs: Array<{ name: string; result: CliResult }> = [];

  beforeAll(async () => {
    dir = await tempDir();
    await writeFile(join(dir, "inventory.json"), hostileInventory());
    const run = async (name: string, args: string[]) => runs.push({ name, result: await runCli(args, { cwd: dir }) });
    await run("audit", ["audit", "--from", "inventory.json", "--out", "reports"]);
    await run("plan", ["plan", "--from", ".", "--out", "planned"]);
    await run("generate", ["generate", "--from", ".", "--out", "generated"]);
    await run("pr dry run", ["pr", "--from", "."]);
  }, 180_000);

  it("every command succeeds and no stream carries a raw control or bidi character", () => {
    for (const { name, result } of runs) {
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(result.stdout, `${name} stdout`).not.toMatch(RAW_CONTROL);
      expect(result.stderr, `${name} stderr`).not.toMatch(RAW_CONTROL);
    }
    // The payload did reach the outputs: the names are shown, escaped.
    expect(runs.find((r) => r.name === "pr dry run")!.result.stdout).toContain("\\x1b");
  });

  it("Markdown files render no links, images or HTML from names", async () => {
    const files = (await filesUnder(dir)).filter((f) => f.endsWith(".md"));
    expect(files.map((f) => relative(dir, f))).toEqual(expect.arrayContaining(["reports/audit.md", "planned/plan.md"]));
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(liveMarkdown(text), relative(dir, file)).toEqual([]);
      expect(text, relative(dir, file)).toContain("$(touch /tmp/pwned)"); // the names are shown
      expect(text, relative(dir, file)).not.toMatch(RAW_CONTROL);
    }
  });

  it("pull request bodies of the dry run render no links, images or HTML from names", () => {
    const out = runs.find((r) => r.name === "pr dry run")!.result.stdout;
    // Each body follows "  body:", indented by four spaces, up to the next line at column 0.
    const bodies = out.split("\n  body:\n").slice(1).map((part) => part.split(/\n(?=\S)/)[0]!.replace(/^ {4}/gm, ""));
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.join("\n")).toContain("EVIL.EXAMPLE"); // the names are in the bodies, inert
    for (const body of bodies) expect(liveMarkdown(body)).toEqual([]);
    // A line break in a name never starts a line of its own: every line at column 0 is keyless's.
    const own = /^(\s|acme\/[\w.-]+: |dry run|$)/;
    expect(out.split("\n").filter((line) => !own.test(line))).toEqual([]);
  });

  it("audit.html has no script, no event handler and no foreign link", async () => {
    const page = await readFile(join(dir, "reports", "audit.html"), "utf8");
    expect(page).toContain("evil.example"); // the names are on the page, as text
    const els = elements(parseHtml(page));
    const scripts = els.filter((e) => e.tagName === "script");
    // keyless's own inline script (sorting, filtering) has no src and holds no name.
    for (const s of scripts) expect(attr(s, "src")).toBeUndefined();
    expect(page.match(/<script\b/gi)?.length ?? 0).toBe(scripts.length);
    expect(scripts.length).toBeLessThanOrEqual(1);
    expect(els.flatMap((e) => e.attrs.filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`))).toEqual([]);
    expect(externalReferences(page)).toEqual([]);
    expect(page).not.toMatch(RAW_CONTROL);
  });

  it("JSON and SARIF files are valid JSON; SARIF markdown messages are inert", async () => {
    const files = (await filesUnder(dir)).filter((f) => /\.(json|sarif)$/.test(f));
    expect(files.map((f) => relative(dir, f))).toEqual(expect.arrayContaining(["reports/audit.json", "reports/audit.sarif", "planned/plan.json"]));
    for (const file of files) expect(() => JSON.parse(readFileSyncText(file)), relative(dir, file)).not.toThrow();
    // The names are in the JSON as they are (JSON escapes what it must).
    expect(JSON.stringify(JSON.parse(readFileSyncText(join(dir, "reports", "audit.json"))))).toContain(JSON.stringify(PAYLOAD).slice(1, -1));
    const sarif = JSON.parse(readFileSyncText(join(dir, "reports", "audit.sarif")));
    const markdowns: string[] = [];
    JSON.stringify(sarif, (key, value) => {
      if (key === "markdown" && typeof value === "string") markdowns.push(value);
      return value;
    });
    for (const md of markdowns) expect(liveMarkdown(md)).toEqual([]);
  });

  it("CSVs parse and no cell starts a formula", async () => {
    const files = (await filesUnder(dir)).filter((f) => f.endsWith(".csv"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const rows = parseCsv(await readFile(file, "utf8"), { relax_column_count: false }) as string[][];
      expect(rows.length, relative(dir, file)).toBeGreaterThan(1);
      if (file.endsWith("audit.csv")) expect(rows.flat().join("\n")).toContain("$(touch /tmp/pwned)");
      const formulas = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));
      expect(formulas, relative(dir, file)).toEqual([]);
    }
  });

  it("Terraform parses and no name becomes an interpolation or directive", async () => {
    const files = (await filesUnder(join(dir, "generated"))).filter((f) => f.endsWith(".tf"));
    expect(files.length).toBeGreaterThan(0);
    let sawPayload = false;
    for (const file of files) {
      const text = await readFile(file, "utf8");
      await expect(parseHcl(file, text), relative(dir, file)).resolves.toBeTypeOf("object");
      // Every `${` or `%{` in the file is either escaped or one of keyless's own references.
      const code = text.split("\n").filter((line) => !line.trimStart().startsWith("#")).join("\n"); // comments are inert
      const unescaped = [...code.matchAll(/(?<![$%])[$%]\{([^}]*)\}?/g)].map((m) => m[0]).filter((m) => !/^\$\{(var|local|aws_|data|module|each|count|path)[\w.[\]"-]*\}$/.test(m));
      expect(unescaped, relative(dir, file)).toEqual([]);
      if (text.includes("$${var.leak}")) sawPayload = true;
      expect(text, relative(dir, file)).not.toMatch(RAW_CONTROL);
    }
    expect(sawPayload).toBe(true);
  });
});

function readFileSyncText(file: string): string {
  return readFileSync(file, "utf8");
}
