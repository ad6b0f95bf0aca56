import { describe, expect, it } from "vitest";
import { reportLastUse, type ListedKey } from "./access-keys.js";
import { isCurrent } from "./account.js";
import type { CredentialReportRow } from "./credential-report.js";

type Slot = CredentialReportRow["keys"][number];
const row = (...keys: Slot[]): CredentialReportRow => ({ user: "ci", arn: "arn:aws:iam::111111111111:user/ci", isRoot: false, keys });
const slot = (n: 1 | 2, lastRotated: string | undefined, extra: Partial<Slot> = {}): Slot => ({ slot: n, active: true, lastRotated, ...extra });
const key = (id: string, created: string | undefined, status: ListedKey["status"] = "Active"): ListedKey => ({ accessKeyId: id, status, createDate: created ? new Date(created) : undefined });

describe("reportLastUse", () => {
  it("gives each key the slot created in the same second, whatever the slot order", () => {
    const report = row(
      slot(1, "2024-05-01T10:00:07+00:00", { lastUsedDate: "2026-11-19T08:00:00+00:00", lastUsedRegion: "eu-west-1", lastUsedService: "s3" }),
      slot(2, "2023-01-01T00:00:00+00:00", { active: false }),
    );
    const got = reportLastUse(report, [key("AKIAOLD", "2023-01-01T00:00:00Z", "Inactive"), key("AKIANEW", "2024-05-01T10:00:07Z")]);
    expect(got).toEqual(
      new Map([
        ["AKIAOLD", undefined], // matched, and never used
        ["AKIANEW", { date: "2026-11-19T08:00:00.000Z", serviceName: "s3", region: "eu-west-1" }],
      ]),
    );
  });

  it("leaves a key to GetAccessKeyLastUsed when the match is not beyond doubt", () => {
    // Created after the report: no slot has its second.
    expect(reportLastUse(row(slot(1, "2024-05-01T10:00:07+00:00")), [key("AKIAX", "2024-05-01T10:00:08Z")]).size).toBe(0);
    // Two keys created in the same second: either slot could be either key.
    const twins = row(slot(1, "2024-05-01T10:00:07+00:00"), slot(2, "2024-05-01T10:00:07+00:00"));
    expect(reportLastUse(twins, [key("AKIAA", "2024-05-01T10:00:07.100Z"), key("AKIAB", "2024-05-01T10:00:07.900Z")]).size).toBe(0);
    // …even when the report holds only one of them (the other created after it, in that second).
    expect(reportLastUse(row(slot(1, "2024-05-01T10:00:07+00:00")), [key("AKIAA", "2024-05-01T10:00:07.100Z"), key("AKIAB", "2024-05-01T10:00:07.900Z")]).size).toBe(0);
    // Deactivated since the report was built: the slot describes an earlier state.
    expect(reportLastUse(row(slot(1, "2024-05-01T10:00:07+00:00")), [key("AKIAX", "2024-05-01T10:00:07Z", "Inactive")]).size).toBe(0);
    // A report that leaves the date out (IAM writes N/A for keys that are not active).
    expect(reportLastUse(row(slot(1, undefined, { active: false })), [key("AKIAX", "2024-05-01T10:00:07Z", "Inactive")]).size).toBe(0);
    // A date it cannot read.
    expect(reportLastUse(row(slot(1, "2024-05-01T10:00:07+00:00", { lastUsedDate: "yesterday" })), [key("AKIAX", "2024-05-01T10:00:07Z")]).size).toBe(0);
  });
});

describe("isCurrent", () => {
  const start = new Date("2026-11-20T12:00:00Z");
  it("trusts a report built while the scan waited, or one generated at most 15 minutes before the scan", () => {
    expect(isCurrent({ rows: [], generatedAt: "2026-11-20T08:30:00.000Z", builtWhileWaiting: true }, start)).toBe(true);
    expect(isCurrent({ rows: [], generatedAt: "2026-11-20T11:50:00.000Z", builtWhileWaiting: false }, start)).toBe(true);
    expect(isCurrent({ rows: [], generatedAt: "2026-11-20T11:40:00.000Z", builtWhileWaiting: false }, start)).toBe(false);
    expect(isCurrent({ rows: [], builtWhileWaiting: false }, start)).toBe(false);
  });
});
