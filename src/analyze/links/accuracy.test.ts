// End to end against the acme sandbox: the world read as discover would, every repo analysed, keys
// linked, and the links compared with the scenario's ground truth.
import { describe, expect, it } from "vitest";
import { buildScenario } from "../../sandbox/scenario/index.js";
import { CONFIDENCE_ORDER, type Confidence, type Link } from "../model.js";
import { analyzeRepoWorkflows } from "../workflows/index.js";
import { linkKeys } from "./index.js";
import { worldToInventory } from "../../../test/support/world-to-inventory.js";

const world = buildScenario("acme");
const inventory = worldToInventory(world);
const workflows = new Map(
  (inventory.github?.repos ?? []).map((r) => [
    r.fullName,
    analyzeRepoWorkflows({ repo: r.fullName, files: r.workflows.flatMap((w) => (w.text === undefined ? [] : [{ path: w.path, text: w.text }])) }),
  ]),
);
const result = linkKeys({ inventory, workflows, mappings: [], now: new Date(world.now) });
const id = (l: { accessKeyId: string; repo: string }) => `${l.accessKeyId} ${l.repo}`;
const truth = new Map(world.truth.links.map((l) => [id(l), l]));
// A link the scenario planted no evidence for cannot be found ("no evidence, no link").
const findable = world.truth.links.filter((l) => l.evidence.length > 0);

function table(links: Link[]): string {
  const rows = ["confidence  links  correct  precision  recall(>=)"];
  for (const level of CONFIDENCE_ORDER) {
    const at = links.filter((l) => l.confidence === level);
    const correct = at.filter((l) => truth.has(id(l))).length;
    const atLeast = new Set(links.filter((l) => CONFIDENCE_ORDER.indexOf(l.confidence) <= CONFIDENCE_ORDER.indexOf(level)).map(id));
    const recall = world.truth.links.filter((l) => atLeast.has(id(l))).length / world.truth.links.length;
    const precision = at.length ? (correct / at.length).toFixed(2) : "-";
    rows.push(`${level.padEnd(10)}  ${String(at.length).padStart(5)}  ${String(correct).padStart(7)}  ${precision.padStart(9)}  ${recall.toFixed(2).padStart(10)}`);
  }
  return rows.join("\n");
}

describe("links on the acme sandbox", () => {
  it("prints precision and recall per confidence level", () => {
    console.log(`links vs ground truth (${world.truth.links.length} planted links)\n${table(result.links)}`);
    expect(result.links.length).toBeGreaterThan(0);
  });

  it("is exactly right at certain and high", () => {
    const strong = (c: Confidence) => c === "certain" || c === "high";
    const wrong = result.links.filter((l) => strong(l.confidence) && !truth.has(id(l))).map((l) => `${id(l)} ${l.confidence}: ${l.evidence[0]?.summary}`);
    expect(wrong).toEqual([]);
  });

  it("finds every planted link that has evidence, at some confidence", () => {
    const found = new Set(result.links.map(id));
    expect(findable.filter((l) => !found.has(id(l))).map(id)).toEqual([]);
  });

  it("finds links with a run id or an alert for certain", () => {
    const byId = new Map(result.links.map((l) => [id(l), l]));
    const planted = findable.filter((l) => l.evidence.includes("cloudtrail-run-id") || l.evidence.includes("secret-scanning"));
    expect(planted.length).toBeGreaterThan(0);
    expect(planted.filter((l) => byId.get(id(l))?.confidence !== "certain").map(id)).toEqual([]);
  });

  it("names the secrets and scope the key was planted in", () => {
    const byId = new Map(result.links.map((l) => [id(l), l]));
    const mismatches = findable.flatMap((t) => {
      const l = byId.get(id(t));
      if (!l) return [];
      const missing = t.secretNames.filter((n) => !l.secretNames.includes(n));
      return missing.length > 0 || l.scope !== t.scope ? [`${id(t)}: ${l.scope} ${l.secretNames.join(",")} vs ${t.scope} ${t.secretNames.join(",")}`] : [];
    });
    expect(mismatches).toEqual([]);
  });

  it("leaves no planted key in the unlinked list, and lists the stored credentials no IAM key sits in", () => {
    const plantedKeys = new Set(world.truth.links.map((l) => l.accessKeyId));
    expect(result.unlinkedKeys.filter((k) => plantedKeys.has(k))).toEqual([]);
    // orders-service stores temporary (ASIA…) credentials: no IAM key can be linked to them.
    expect(result.unlinkedSecrets).toContainEqual({ repo: "acme/orders-service", name: "AWS_ACCESS_KEY_ID", scope: "repo" });
  });
});
