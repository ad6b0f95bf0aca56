import { describe, expect, it } from "vitest";
import { fixtureAudit } from "../../../test/support/report/fixture.js";
import { triage } from "../triage.js";
import { keyAgeChart, keysPerAccountChart } from "./charts.js";

describe("charts", () => {
  it("draws the 12 accounts with the most keys and says how many keys the others hold", () => {
    const base = fixtureAudit();
    const template = base.keys[0]!;
    const keys = Array.from({ length: 15 }, (_, a) =>
      Array.from({ length: a + 1 }, (_, i) => ({ ...template, accessKeyId: `AKIA${String(a).padStart(2, "0")}${String(i).padStart(14, "0")}`, accountId: `1000000000${String(a).padStart(2, "0")}` })),
    ).flat();
    const audit = { ...base, keys, accounts: [] };
    const chart = keysPerAccountChart(audit, triage(audit)).value;
    expect(chart.match(/<text [^>]*text-anchor="end" class="label">/g)).toHaveLength(12);
    expect(chart).toContain('aria-label="Access keys per account: 100000000014 15, 100000000013 14,');
    expect(chart).toContain("6 more keys are in 3 other accounts."); // 1 + 2 + 3
  });

  it("bins key ages and counts every key once", () => {
    const audit = fixtureAudit();
    const label = /aria-label="([^"]*)"/.exec(keyAgeChart(audit).value)?.[1] ?? "";
    const total = [...label.matchAll(/ (\d+)(?:,|$)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(total).toBe(audit.keys.length);
  });
});
