import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { renderAuditJson } from "../audit-json.js";
import { fixtureAudit, HOSTILE } from "../../../test/support/report/fixture.js";
import { auditJsonSchema, auditJsonSchemaText, SCHEMA_FILE } from "./json-schema.js";
import { AuditWire } from "./schema.js";

function validator(strict: boolean) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(auditJsonSchema({ strict }));
}

describe("audit.json", () => {
  it("the committed JSON Schema is the one the wire schema generates (run `npm run docs:schema`)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8"), "docs/schema is out of date: run `npm run docs:schema`").toBe(auditJsonSchemaText());
  });

  it("validates against the published schema, and documents every field it writes", () => {
    const doc = JSON.parse(renderAuditJson(fixtureAudit()));
    for (const strict of [false, true]) {
      const validate = validator(strict);
      expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
    // The zod schema agrees, and parsing it drops nothing (no undocumented field).
    expect(AuditWire.parse(doc)).toEqual(doc);
  });

  it("rejects a document that breaks the contract", () => {
    const doc = JSON.parse(renderAuditJson(fixtureAudit()));
    const validate = validator(false);
    expect(validate({ ...doc, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...doc, keys: [{ ...doc.keys[0], action: "ignore" }] })).toBe(false);
    expect(validate({ ...doc, generatedAt: "yesterday" })).toBe(false);
  });

  it("carries the counts, the evidence and suppressed findings a consumer needs", () => {
    const doc = AuditWire.parse(JSON.parse(renderAuditJson(fixtureAudit())));
    expect(doc.schemaVersion).toBe(1);
    expect(doc.summary).toMatchObject({ keysToMigrate: 2, keysToDelete: 2, keysToInvestigate: 1, reposToChange: 1, reposOnOidc: 1 });
    expect(doc.keys.find((k) => k.accessKeyId === "AKIAOLDUNUSED0000003")).toMatchObject({ action: "delete", ageDays: 1725 });
    expect(doc.keys.find((k) => k.accessKeyId === "AKIAOLDUNUSED0000003")).not.toHaveProperty("lastUsed");
    expect(doc.keys.find((k) => k.accessKeyId === "AKIAROOTKEY000000004")?.action).toBe("investigate");
    const certain = doc.links.find((l) => l.confidence === "certain");
    expect(certain?.evidence.map((e) => e.kind)).toEqual(["cloudtrail-run-id", "name-match"]);
    expect(doc.findings.filter((f) => f.suppressed).map((f) => [f.ruleId, f.suppressed?.by])).toEqual([["KL101", "inline"], ["KL103", "config"]]);
    const usage = doc.usages[0];
    expect(usage).toMatchObject({ kind: "configure-aws-credentials", location: { path: ".github/workflows/deploy.yml", line: 14 }, job: "deploy", environment: { name: "prod" }, regions: ["eu-west-1"] });
    expect(usage?.credentials.map((c) => [c.role, c.sources.map((s) => `${s.source}:${s.name}`)])).toEqual([
      ["accessKeyId", ["secret:PROD_AWS_KEY"]],
      ["secretAccessKey", ["secret:PROD_AWS_SECRET"]],
    ]);
    expect(doc.coverage.unreachableAccounts).toEqual([{ accountId: "333333333333", name: "Sandbox", reason: "AccessDenied: cannot assume OrganizationAccountAccessRole" }]);
    expect(doc.coverage.skipped.map((s) => s.code)).toEqual(["AccessDenied", "TooLarge"]);
  });

  it("keeps hostile names intact as JSON strings", () => {
    const doc = AuditWire.parse(JSON.parse(renderAuditJson(fixtureAudit(HOSTILE))));
    expect(doc.usages[0]?.location.path).toBe(`.github/workflows/${HOSTILE.path}`);
    expect(doc.accounts.map((a) => a.name)).toContain(HOSTILE.account);
    expect(doc.usages[0]?.environment?.name).toBe(HOSTILE.env);
  });
});
