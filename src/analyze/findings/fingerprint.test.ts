import { describe, expect, it } from "vitest";
import { DEPLOY, context, repoWith } from "../../../test/support/analyze/rules-fixtures.js";
import { fnv1a64, fingerprintOf } from "./fingerprint.js";
import { runRules } from "../rules/index.js";

const fingerprints = (text: string) =>
  runRules(context({ repos: [repoWith("acme/app", text)] }))
    .filter((f) => f.location)
    .map((f) => [f.ruleId, f.location?.line, f.fingerprint]);

describe("fingerprints", () => {
  it("FNV-1a 64 matches the reference vectors", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });

  it("depend on rule, subject and anchor", () => {
    const key = { type: "key" as const, accessKeyId: "AKIA1", accountId: "1" };
    expect(fingerprintOf("KL103", key)).toBe(fingerprintOf("KL103", { ...key }));
    expect(fingerprintOf("KL103", key)).not.toBe(fingerprintOf("KL104", key));
    expect(fingerprintOf("KL103", key)).not.toBe(fingerprintOf("KL103", { ...key, accessKeyId: "AKIA2" }));
  });

  it("survive lines moving: a comment block added above the usage changes the line, not the fingerprint", () => {
    const before = fingerprints(DEPLOY);
    const moved = fingerprints(DEPLOY.replace("jobs:\n", "# Deploys the site.\n# Owned by the web team.\n\njobs:\n"));
    expect(before).toHaveLength(1);
    expect(moved.map(([rule, line]) => [rule, line])).toEqual([["KL101", 16]]);
    expect(moved.map(([, , fp]) => fp)).toEqual(before.map(([, , fp]) => fp));
  });

  it("change when the usage moves to another job or file", () => {
    const [[, , original]] = fingerprints(DEPLOY) as [[string, number, string]];
    expect(fingerprints(DEPLOY.replace("  deploy:", "  release:"))[0]?.[2]).not.toBe(original);
    const other = runRules(context({ repos: [repoWith("acme/app", DEPLOY, ".github/workflows/release.yml")] }))[0]?.fingerprint;
    expect(other).not.toBe(original);
  });

  it("stay unique when two identical steps sit in one job", () => {
    const step = DEPLOY.split("\n").slice(9, 15).join("\n");
    const twice = DEPLOY.replace(step, `${step}\n${step}`);
    const fps = fingerprints(twice).map(([, , fp]) => fp);
    expect(fps).toHaveLength(2);
    expect(new Set(fps).size).toBe(2);
  });
});
