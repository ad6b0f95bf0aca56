// The plan: section of keyless.config.yaml: defaults when absent, every field read, mistakes named.
import { describe, expect, it } from "vitest";
import { parseConfig, planConfig } from "../config/parse.js";
import { DEFAULT_PLAN_CONFIG } from "./config.js";

describe("planConfig", () => {
  it("gives the defaults when the file or the section is absent", () => {
    expect(planConfig(undefined)).toEqual(DEFAULT_PLAN_CONFIG);
    expect(planConfig(parseConfig("version: 1\n", "c.yaml"))).toEqual(DEFAULT_PLAN_CONFIG);
    expect(DEFAULT_PLAN_CONFIG).toMatchObject({ topology: "hub-and-spoke", externalId: true, rolePath: "/keyless/", maxSessionDuration: 3600, actionRef: "aws-actions/configure-aws-credentials@v6" });
  });

  it("reads every field, with defaults for the rest", () => {
    const config = parseConfig(
      [
        "version: 1",
        "plan:",
        "  topology: direct",
        "  toolingAccountId: '111111111111'",
        "  externalId: false",
        "  issuer: https://ghe.example.com/_services/token",
        "  leastPrivilege: true",
        "  repos:",
        "    acme/api:",
        "      targetAccounts: ['222222222222']",
        "      subjectFormat: immutable",
        "      environments: [prod]",
        "      deployRoles:",
        "        '222222222222':",
        "          managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]",
      ].join("\n"),
      "c.yaml",
    );
    expect(planConfig(config)).toEqual({
      ...DEFAULT_PLAN_CONFIG,
      topology: "direct",
      toolingAccountId: "111111111111",
      externalId: false,
      issuer: "https://ghe.example.com/_services/token",
      leastPrivilege: true,
      repos: { "acme/api": { targetAccounts: ["222222222222"], subjectFormat: "immutable", environments: ["prod"], deployRoles: { "222222222222": { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } } } },
    });
  });

  it("names the field that is wrong", () => {
    expect(() => parseConfig("version: 1\nplan:\n  topology: mesh\n", "c.yaml")).toThrow(/c.yaml: plan.topology/);
    expect(() => parseConfig("version: 1\nplan:\n  toolingAccountId: 12345\n", "c.yaml")).toThrow(/plan.toolingAccountId/);
    expect(() => parseConfig("version: 1\nplan:\n  maxSessionDuration: 60\n", "c.yaml")).toThrow(/plan.maxSessionDuration/);
    expect(() => parseConfig("version: 1\nplan:\n  issuer: http://insecure\n", "c.yaml")).toThrow(/plan.issuer: an https URL/);
    expect(() => parseConfig("version: 1\nplan:\n  repos:\n    acme/api:\n      entryRoleArn: nope\n", "c.yaml")).toThrow(/plan.repos.acme\/api.entryRoleArn: an IAM role ARN/);
    expect(() => parseConfig("version: 1\nplan:\n  typo: 1\n", "c.yaml")).toThrow(/unrecognized key/i);
  });
});
