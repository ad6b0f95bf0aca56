import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { fixtureAudit, HOSTILE } from "../../../test/support/report/fixture.js";
import { renderFindingsCsv } from "./findings.js";
import { renderKeysCsv } from "./keys.js";

const rows = (text: string) => parse(text, { columns: true }) as Array<Record<string, string>>;

describe("audit.csv and findings.csv", () => {
  it("audit.csv has one row per key with where it lives, its age, last use, links, findings and what to do", () => {
    const keys = rows(renderKeysCsv(fixtureAudit()));
    expect(keys).toHaveLength(5);
    expect(keys.find((k) => k.access_key_id === "AKIAPRODDEPLOY000001")).toEqual({
      access_key_id: "AKIAPRODDEPLOY000001", account_id: "222222222222", account_name: "Production", user_name: "ci-deploy", root: "no", status: "Active",
      created: "2025-06-01T00:00:00Z", age_days: "537", last_used: "2026-11-19T08:00:00Z", idle_days: "1", last_used_service: "s3", last_used_region: "eu-west-1",
      linked_repos: "acme/api (certain)", link_confidence: "certain", finding_ids: "KL103", action: "migrate",
    });
    expect(keys.find((k) => k.access_key_id === "AKIAOLDUNUSED0000003")).toMatchObject({ last_used: "never", idle_days: "", linked_repos: "", action: "delete" });
  });

  it("findings.csv has every finding, suppressed ones marked, with place and evidence", () => {
    const findings = rows(renderFindingsCsv(fixtureAudit()));
    expect(findings).toHaveLength(7);
    expect(findings[0]).toMatchObject({ rule_id: "KL107", severity: "critical", subject_type: "key", access_key_id: "AKIAROOTKEY000000004", suppressed: "no" });
    const suppressed = findings.filter((f) => f.suppressed === "yes");
    expect(suppressed.map((f) => [f.rule_id, f.suppressed_by, f.suppression_reason])).toEqual([
      ["KL101", "inline", "# keyless: ignore[KL101]"],
      ["KL103", "config", "break-glass key, reviewed quarterly"],
    ]);
    expect(findings.find((f) => f.rule_id === "KL108")).toMatchObject({ repo: "acme/api", path: ".github/workflows/deploy.yml", line: "14", column: "11", evidence: "on: pull_request_target\njob deploy runs in environment prod" });
  });

  it("is RFC 4180: CRLF records, quotes doubled, line breaks kept inside quoted cells", () => {
    const text = renderKeysCsv(fixtureAudit(HOSTILE));
    expect(text.split("\r\n")[0]).toBe('"access_key_id","account_id","account_name","user_name","root","status","created","age_days","last_used","idle_days","last_used_service","last_used_region","linked_repos","link_confidence","finding_ids","action"');
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"")"');
    expect(text.replace(/\r\n/g, "").includes("\n")).toBe(false);
    // The hostile environment name holds a line break and a "# Heading": one cell, one record.
    const hostile = rows(renderFindingsCsv(fixtureAudit(HOSTILE)));
    expect(hostile).toHaveLength(7);
    expect(hostile.find((f) => f.rule_id === "KL108")?.evidence).toBe(`on: pull_request_target\njob deploy runs in environment ${HOSTILE.env}`);
  });

  it("neutralises spreadsheet formulas in outside text, and only there", () => {
    const keys = rows(renderKeysCsv(fixtureAudit(HOSTILE)));
    const deploy = keys.find((k) => k.access_key_id === "AKIAPRODDEPLOY000001");
    expect(deploy?.user_name).toBe(`'${HOSTILE.user}`);
    expect(deploy?.account_name).toBe(`'${HOSTILE.account}`);
    expect(deploy?.linked_repos).toBe(`${HOSTILE.org}/${HOSTILE.repo} (certain)`);
    expect(deploy?.age_days).toBe("537");
    for (const k of keys) for (const v of Object.values(k)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});
