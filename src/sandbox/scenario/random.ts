// Seeded randomness and AWS/GitHub-shaped identifiers for the scenario generator.
// Everything here is a pure function of the seed: no Math.random, no clock.

import { randomChars, seededRandom } from "../random.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const NODE_ID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

export class Rng {
  private readonly next: () => number;
  /** Values already handed out per kind, so that generated ids never collide. */
  private readonly seen = new Map<string, Set<string>>();

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  chars(alphabet: string, length: number): string {
    return randomChars(this.next, alphabet, length);
  }
  /** A value from make() that this Rng has not produced before for the same kind. */
  unique(kind: string, make: () => string): string {
    let set = this.seen.get(kind);
    if (!set) this.seen.set(kind, (set = new Set()));
    for (;;) {
      const value = make();
      if (!set.has(value)) {
        set.add(value);
        return value;
      }
    }
  }

  // ------------------------------------------------------------ AWS ids
  accountId(): string {
    return this.unique("account", () => String(this.int(1, 9)) + this.chars("0123456789", 11));
  }
  organizationId(): string {
    return "o-" + this.chars(LOWER_ALNUM, 10);
  }
  rootId(): string {
    return "r-" + this.chars(LOWER_ALNUM, 4);
  }
  /** ou-<root part>-<8 chars>, the root part shared by every OU of the organization. */
  ouId(rootId: string): string {
    return this.unique("ou", () => `ou-${rootId.slice(2)}-${this.chars(LOWER_ALNUM, 8)}`);
  }
  /** IAM unique ids: AKIA (access key), AIDA (user), AROA (role), AGPA (group), ANPA (policy). */
  iamId(prefix: "AKIA" | "AIDA" | "AROA" | "AGPA" | "ANPA"): string {
    return this.unique("iam", () => prefix + this.chars(BASE32, 16));
  }
  uuid(): string {
    const h = this.chars(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }
  sha(): string {
    return this.chars(HEX, 40);
  }

  // ------------------------------------------------------------ GitHub ids
  githubId(kind: string, min: number, max: number): number {
    return Number(this.unique(kind, () => String(this.int(min, max))));
  }
  nodeId(prefix: string): string {
    return prefix + this.chars(NODE_ID, 16);
  }
}

// ------------------------------------------------------------ time

const DAY = 86_400_000;

/** ISO-8601 without milliseconds; every time in the world has this form, so strings sort by time. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + "Z";
}
export function addMs(time: string, ms: number): string {
  return iso(Date.parse(time) + ms);
}
export function addMinutes(iso: string, minutes: number): string {
  return addMs(iso, minutes * 60_000);
}
export function addDays(iso: string, days: number): string {
  return addMs(iso, days * DAY);
}
export function daysAgo(now: string, days: number): string {
  return addMs(now, -days * DAY);
}
/** A time in working hours (08:00–18:59 UTC) on the day `days` before now; never after now. */
export function workTime(rng: Rng, now: string, days: number): string {
  const base = Date.parse(daysAgo(now, days));
  const midnight = base - (base % DAY);
  let t = midnight + (rng.int(8, 18) * 60 + rng.int(0, 59)) * 60_000 + rng.int(0, 59) * 1000;
  if (t > Date.parse(now) - 3_600_000) t -= DAY;
  return iso(t);
}
export function isWithin(iso: string, from: string, to: string): boolean {
  const t = Date.parse(iso);
  return t >= Date.parse(from) && t <= Date.parse(to);
}
