// AWS's request-rate throttling, per account, as token buckets (the algorithm AWS describes for IAM
// and STS): a bucket holds `burst` requests and refills `perSecond` a second on the sandbox's rate
// clock. An empty bucket answers the service's own throttling error (faults.ts), which the SDK's
// standard retry strategy recognises and backs off from.
//
// Only CloudTrail LookupEvents' rate is published (two a second per account and Region). IAM,
// STS and Organizations do not publish theirs; the values below are the ones commonly observed
// and cited, and stated in docs/performance.md.

import { scaledMs, type RateClock } from "../clock.js";
import type { ServiceName } from "./context.js";

export interface BucketRate {
  perSecond: number;
  burst: number;
}

export interface AwsThrottleRates {
  /** All IAM actions of one account together. */
  iam: BucketRate;
  /** All STS actions of one account in one Region together. */
  sts: BucketRate;
  /** All Organizations actions of the organization (the management account) together. */
  organizations: BucketRate;
  /** CloudTrail LookupEvents, per account and Region (other CloudTrail actions are not throttled). */
  lookupEvents: BucketRate;
}

export const AWS_THROTTLE_RATES: AwsThrottleRates = {
  iam: { perSecond: 20, burst: 40 },
  sts: { perSecond: 600, burst: 600 },
  organizations: { perSecond: 10, burst: 20 },
  lookupEvents: { perSecond: 2, burst: 2 },
};

interface Bucket {
  tokens: number;
  atMs: number;
}

export class AwsThrottle {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests refused, per service (tests and the bench read it). */
  readonly refused = new Map<ServiceName, number>();

  constructor(
    private readonly clock: RateClock,
    readonly rates: AwsThrottleRates = AWS_THROTTLE_RATES,
  ) {}

  /** Takes one request from the bucket `service`, `action`, `account` and `region` fall in; false when it is empty. */
  take(service: ServiceName, action: string, account: string, region: string): boolean {
    const scope = this.scope(service, action, account, region);
    if (!scope) {
      return true;
    }
    const { key, rate } = scope;
    const now = this.clock.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: rate.burst, atMs: now };
    // Refill for the time passed: perSecond tokens per (scaled) second, up to the burst.
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.atMs) / scaledMs(this.clock, 1)) * rate.perSecond);
    bucket.atMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      this.refused.set(service, (this.refused.get(service) ?? 0) + 1);
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  private scope(service: ServiceName, action: string, account: string, region: string): { key: string; rate: BucketRate } | undefined {
    switch (service) {
      case "iam":
        return { key: `iam:${account}`, rate: this.rates.iam };
      case "sts":
        return { key: `sts:${account}:${region}`, rate: this.rates.sts };
      case "organizations":
        return { key: `organizations:${account}`, rate: this.rates.organizations };
      case "cloudtrail":
        return action === "LookupEvents" ? { key: `cloudtrail:${account}:${region}`, rate: this.rates.lookupEvents } : undefined;
    }
  }
}
