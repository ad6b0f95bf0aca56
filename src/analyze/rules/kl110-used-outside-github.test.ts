import { describe, expect, it } from "vitest";
import type { CloudTrailEvent } from "../../inventory/schema.js";
import { ipRanges } from "./ip-ranges.js";
import { KL110 } from "./kl110-used-outside-github.js";
import { context, daysAgo, key, link } from "../../../test/support/analyze/rules-fixtures.js";

const RANGES = ["4.148.0.0/16", "2a01:111:f403::/48"];
let n = 0;
const event = (ip: string, over: Partial<CloudTrailEvent> = {}): CloudTrailEvent => ({
  eventId: `e${++n}`,
  eventTime: daysAgo(2),
  eventName: "GetCallerIdentity",
  eventSource: "sts.amazonaws.com",
  accountId: "111122223333",
  accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
  sourceIPAddress: ip,
  userAgent: "aws-cli/2.15.0",
  ...over,
});

describe("CIDR ranges", () => {
  it("matches IPv4, IPv6 and IPv4-mapped IPv6; never service names or malformed entries", () => {
    const r = ipRanges([...RANGES, "not-a-cidr"]);
    expect(r.size).toBe(2);
    expect(r.contains("4.148.10.1")).toBe(true);
    expect(r.contains("::ffff:4.148.10.1")).toBe(true);
    expect(r.contains("2a01:111:f403::1")).toBe(true);
    expect(r.contains("4.149.0.1")).toBe(false);
    expect(r.contains("AWS Internal")).toBe(false);
  });
});

describe("KL110 key used from outside GitHub", () => {
  it("flags a linked key used from an address outside the runner ranges, with per-address evidence", () => {
    const cloudTrail = [event("4.148.1.1"), event("203.0.113.9"), event("203.0.113.9"), event("lambda.amazonaws.com")];
    const [f] = KL110.check(context({ keys: [key()], cloudTrail, actionsIpRanges: RANGES, links: [link()] }));
    expect(f?.message).toBe(
      "Access key AKIAAAAAAAAAAAAAAAA1 of IAM user deployer in account 111122223333 was used from 1 address(es) outside GitHub-hosted runners (2 of 3 CloudTrail events); linked to acme/app (certain).",
    );
    expect(f?.evidence[0]).toMatch(/^203\.0\.113\.9: 2 event\(s\) from .* user agent aws-cli\/2\.15\.0\.$/);
    expect(f?.evidence[1]).toBe("1 event(s) came from GitHub-hosted runner ranges.");
  });

  it("flags an unlinked key that GitHub runners also use", () => {
    expect(KL110.check(context({ keys: [key()], cloudTrail: [event("4.148.1.1"), event("198.51.100.1")], actionsIpRanges: RANGES }))).toHaveLength(1);
  });

  it("is silent for a key unrelated to GitHub, a key only used from runners, and without runner ranges", () => {
    expect(KL110.check(context({ keys: [key()], cloudTrail: [event("198.51.100.1")], actionsIpRanges: RANGES }))).toEqual([]);
    expect(KL110.check(context({ keys: [key()], cloudTrail: [event("4.148.1.1")], actionsIpRanges: RANGES, links: [link()] }))).toEqual([]);
    expect(KL110.check(context({ keys: [key()], cloudTrail: [event("198.51.100.1")], links: [link()] }))).toEqual([]);
  });
});
