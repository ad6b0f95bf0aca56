// The whole report set over a real audit of the acme sandbox.
import { parse } from "csv-parse/sync";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { auditJsonSchema } from "./json/json-schema.js";
import { renderRepoMarkdown, renderReports } from "./index.js";
import { esc } from "./html/escape.js";
import { externalReferences } from "../../test/support/report/dom.js";
import { text } from "../core/markdown.js";
import { validateSarif } from "../../test/support/report/sarif-schema.js";
import { acmeAudit } from "../../test/support/report/acme.js";

describe("renderReports on the acme sandbox", () => {
  const { world, audit } = acmeAudit();
  const files = renderReports(audit);
  const file = (name: string) => files.find((f) => f.name === name)?.text ?? "";

  it("lists every report file, the same for the same audit", () => {
    expect(files.map((f) => f.name)).toEqual(["audit.json", "audit.md", "audit.html", "audit.csv", "findings.csv", "audit.sarif"]);
    expect(renderReports(audit)).toEqual(files);
    expect(renderReports(audit, { sarif: false }).map((f) => f.name)).not.toContain("audit.sarif");
  });

  it("never contains a secret value of the sandbox", () => {
    const secrets = [
      ...Object.values(world.aws.callers).flatMap((c) => [c.secretAccessKey, c.sessionToken ?? ""]),
      ...world.github.repos.flatMap((r) => r.secretScanningAlerts.map((a) => a.secret)).filter((s) => !/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(s)),
    ].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(0);
    for (const f of files) for (const s of secrets) expect(f.text.includes(s), `${f.name} contains a secret value`).toBe(false);
  });

  it("audit.json validates against the published schema, with no undocumented field", () => {
    const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
    addFormats.default(ajv);
    const validate = ajv.compile(auditJsonSchema({ strict: true }));
    expect(validate(JSON.parse(file("audit.json"))), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
  });

  it("audit.md and audit.html show every usage, every link's evidence and every finding", () => {
    const md = file("audit.md");
    const html = file("audit.html");
    for (const u of audit.usages) expect(md).toContain(text(`${u.path}:${u.line}:${u.column}`));
    for (const l of audit.links) {
      for (const e of l.evidence) {
        expect(md).toContain(text(e.summary));
        expect(html).toContain(esc(e.summary));
      }
    }
    for (const f of audit.findings) {
      expect(md).toContain(text(f.message));
      expect(html).toContain(esc(f.message));
    }
    expect(audit.usages.length).toBeGreaterThan(40);
    expect(audit.links.length).toBeGreaterThan(40);
  });

  it("one repo's section carries its usages, links and findings, for its PR body", () => {
    const repo = audit.links[0]?.repo ?? "";
    const section = renderRepoMarkdown(audit, repo);
    for (const u of audit.usages.filter((x) => x.repo === repo)) expect(section).toContain(text(`${u.path}:${u.line}:${u.column}`));
    for (const l of audit.links.filter((x) => x.repo === repo)) expect(section).toContain(`\`${l.accessKeyId}\``);
  });

  it("audit.html loads nothing from the network (URLs in evidence text stay text)", () => {
    expect(externalReferences(file("audit.html"))).toEqual([]);
  });

  it("the CSVs have a row per key and per finding", () => {
    expect(parse(file("audit.csv"), { columns: true })).toHaveLength(audit.keys.length);
    expect(parse(file("findings.csv"), { columns: true })).toHaveLength(audit.findings.length);
  });

  it("audit.sarif is valid SARIF; for one repo it holds only that repo's results", () => {
    expect(validateSarif(JSON.parse(file("audit.sarif")))).toBe(true);
    const repo = audit.links[0]?.repo ?? "";
    const one = JSON.parse(renderReports(audit, { sarif: { repo } }).find((f) => f.name === "audit.sarif")?.text ?? "{}");
    const repos = new Set(one.runs[0].results.map((r: { properties: { repository: string } }) => r.properties.repository));
    expect([...repos]).toEqual([repo]);
  });
});
