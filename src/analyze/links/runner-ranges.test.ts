import { describe, expect, it } from "vitest";
import { runnerRangeMatcher } from "./runner-ranges.js";

describe("runnerRangeMatcher", () => {
  const inRange = runnerRangeMatcher(["4.148.0.0/16", "20.20.140.0/24", "2a01:111:f100::/48", "not-a-cidr"]);

  it("matches IPv4 addresses inside a range and not next to it", () => {
    expect(inRange("4.148.255.1")).toBe(true);
    expect(inRange("4.149.0.1")).toBe(false);
    expect(inRange("20.20.140.200")).toBe(true);
    expect(inRange("20.20.141.1")).toBe(false);
  });

  it("matches IPv6 addresses, and IPv4-mapped IPv6 ones as IPv4", () => {
    expect(inRange("2a01:111:f100:2000::a83e:3019")).toBe(true);
    expect(inRange("2a01:111:f101::1")).toBe(false);
    expect(inRange("::ffff:4.148.1.1")).toBe(true);
  });

  it("treats what CloudTrail writes for AWS services, and nothing, as outside", () => {
    expect(inRange("AWS Internal")).toBe(false);
    expect(inRange("cloudformation.amazonaws.com")).toBe(false);
    expect(inRange(undefined)).toBe(false);
  });
});
