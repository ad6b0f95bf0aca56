// audit.sarif of `audit --local <folder>`: every location resolves, from the run's base, to a file
// of the right checkout under the folder (checkout folders named unlike their repositories, a file
// name that needs percent-encoding), and the log is valid SARIF 2.1.0.
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { validateSarif } from "../support/report/sarif-schema.js";
import { checkout, staticKeyWorkflow } from "../support/checkout.js";
import { runCli, tempDir } from "../support/cli.js";

let root: string;

interface Resolved {
  repo: string;
  file: string;
  line: number;
}

/** Each result's file, as a SARIF viewer finds it: the uri against its base id's uri, or against the folder opened. */
function resolveAll(log: any, folder: string): Resolved[] {
  const run = log.runs[0];
  return run.results.map((r: any) => {
    const loc = r.locations[0].physicalLocation;
    const base = loc.artifactLocation.uriBaseId ? run.originalUriBaseIds?.[loc.artifactLocation.uriBaseId]?.uri : undefined;
    const url = new URL(loc.artifactLocation.uri, base ?? `file://${folder}/`);
    return { repo: r.properties.repository, file: fileURLToPath(url), line: loc.region.startLine };
  });
}

async function auditSarif(folder: string): Promise<any> {
  const out = await tempDir("keyless-local-sarif-out-");
  const run = await runCli(["audit", "--local", folder, "--no-aws", "--out", out]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(await readFile(join(out, "audit.sarif"), "utf8"));
}

beforeAll(async () => {
  root = await tempDir("keyless-local-sarif-");
  await checkout(root, "api-checkout", { ".github/workflows/deploy.yml": staticKeyWorkflow("api") }, "git@github.com:acme/api.git");
  await checkout(root, "web", { ".github/workflows/deploy #2.yml": staticKeyWorkflow("web"), ".github/workflows/ci.yml": staticKeyWorkflow("ci") });
}, 60_000);

describe("audit.sarif of a folder of local checkouts", () => {
  it("every location resolves to an existing file of its own checkout under the folder, at an existing line", async () => {
    const log = await auditSarif(root);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const resolved = resolveAll(log, root);
    expect(new Set(resolved.map((r) => r.repo))).toEqual(new Set(["acme/api", "local/web"]));
    for (const r of resolved) {
      expect(existsSync(r.file), r.file).toBe(true);
      expect(r.file.startsWith(join(root, r.repo === "acme/api" ? "api-checkout" : "web"))).toBe(true);
      expect(readFileSync(r.file, "utf8").split("\n").length).toBeGreaterThanOrEqual(r.line);
    }
    expect(resolved.some((r) => r.file === join(root, "web", ".github", "workflows", "deploy #2.yml"))).toBe(true);
    expect(log.runs[0].originalUriBaseIds.CHECKOUTS.uri).toMatch(/^file:\/\/\/.*\/$/);
  });

  it("a single checkout resolves the same way, from the checkout itself", async () => {
    const single = join(root, "api-checkout");
    const log = await auditSarif(single);
    const resolved = resolveAll(log, single);
    expect(resolved.length).toBeGreaterThan(0);
    for (const r of resolved) expect(r.file.startsWith(join(single, ".github", "workflows"))).toBe(true);
    for (const r of resolved) expect(existsSync(r.file), r.file).toBe(true);
  });
});
