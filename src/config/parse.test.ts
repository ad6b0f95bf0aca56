import { describe, expect, it } from "vitest";
import { analysisConfig, parseConfig, planConfig } from "./parse.js";

describe("parseConfig", () => {
  it("reads thresholds, allowlist and mappings, with defaults for what is left out", () => {
    const config = parseConfig(
      [
        "version: 1",
        "allowlist:",
        "  - rule: KL103",
        "    accessKeyId: AKIAABCDEFGHIJKLMNOP",
        "    reason: rotated by the vendor every year",
        "mappings:",
        "  - accessKeyId: AKIAABCDEFGHIJKLMNOP",
        "    repo: acme/api",
      ].join("\n"),
      "keyless.config.yaml",
    );
    expect(analysisConfig(config)).toEqual({
      allowlist: [{ rule: "KL103", accessKeyId: "AKIAABCDEFGHIJKLMNOP", reason: "rotated by the vendor every year" }],
      mappings: [{ accessKeyId: "AKIAABCDEFGHIJKLMNOP", repo: "acme/api" }],
      maxKeyAgeDays: 90,
      unusedDays: 45,
    });
  });

  it("names the field that is wrong", () => {
    expect(() => parseConfig("version: 1\nallowlist:\n  - rule: KL103\n", "c.yaml")).toThrow(/c.yaml: allowlist.0.reason/);
    expect(() => parseConfig("version: 1\nmappings:\n  - accessKeyId: nope\n    repo: acme/api\n", "c.yaml")).toThrow(/mappings.0.accessKeyId: an access key id/);
    expect(() => parseConfig("version: 1\nunknown: 3\n", "c.yaml")).toThrow(/unrecognized key|Unrecognized key/i);
  });

  it("reads the refs and the pinned claims a repository's trust may name, and refuses what no token carries", () => {
    const text = (repo: string[]) => ["version: 1", "plan:", "  repos:", "    acme/api:", ...repo.map((l) => `      ${l}`)].join("\n");
    const config = parseConfig(text(["refs: [refs/heads/release/1.2, 'refs/tags/v*']", "claims:", "  actor: deploy-bot"]), "c.yaml");
    expect(planConfig(config).repos["acme/api"]).toEqual({ refs: ["refs/heads/release/1.2", "refs/tags/v*"], claims: { actor: "deploy-bot" } });
    expect(() => parseConfig(text(["refs: [release/1.2]"]), "c.yaml")).toThrow(/plan.repos.acme\/api.refs.0: a full ref/);
    expect(() => parseConfig(text(["claims:", "  actor: '*'"]), "c.yaml")).toThrow(/plan.repos.acme\/api.claims.actor: a value without/);
  });

  it("says where the YAML is broken", () => {
    expect(() => parseConfig("version: [1\n", "c.yaml")).toThrow(/c.yaml is not valid YAML/);
  });
});
