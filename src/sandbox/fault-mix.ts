// The fault mix both fakes play (`keyless sandbox --faults throttle=5%,error=1%,reset=1%,lost=1%`):
// its parser, the one seeded draw that picks a request's fault, and the write trap tests use to
// stop a client after the Nth write the sandbox receives. Each side answers in its own shape
// (github/faults.ts, aws/faults.ts); what is shared is only which fault, and how often.

import { seededRandom } from "./random.js";

export interface FaultMix {
  /** Throttled answers in the service's real shape (GitHub's secondary limit, AWS's Throttling). */
  throttle?: number;
  /** 5xx answers (the request is not applied). */
  error?: number;
  /** The connection is dropped before the request is applied. */
  reset?: number;
  /** Writes only: the write is applied, then the connection is dropped before the answer. */
  lost?: number;
  /** The answer comes late (slowMs). */
  slow?: number;
  slowMs?: number;
  /** GitHub GraphQL only: a timeout answer, or data with a partial `errors` list. */
  graphql?: number;
  /** AWS only: an assumed-role session is expired from this request on (ExpiredToken). */
  expire?: number;
  /** A permission is removed from this request on: the same operation of the same account or repo is denied. */
  revoke?: number;
  seed?: number;
}

export type RequestFault = "throttle" | "error" | "reset" | "lost" | "slow";

const NAMES = ["throttle", "error", "reset", "lost", "slow", "graphql", "expire", "revoke"] as const;

/** "throttle=5%,error=1%,lost=0.01,slow-ms=300,seed=7" → FaultMix; throws with a usable message. */
export function parseFaultMix(spec: string): FaultMix {
  const mix: FaultMix = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name = "", raw = ""] = part.split("=").map((s) => s.trim());
    if (name === "seed" || name === "slow-ms") {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${raw}")`);
      if (name === "seed") mix.seed = n;
      else mix.slowMs = n;
      continue;
    }
    if (!(NAMES as readonly string[]).includes(name)) throw new Error(`unknown fault "${name}" (known: ${NAMES.join(", ")}, seed, slow-ms)`);
    const value = raw.endsWith("%") ? Number(raw.slice(0, -1)) / 100 : Number(raw);
    if (raw === "" || !(value >= 0 && value <= 1)) throw new Error(`${name} must be a share such as 5% or 0.05 (got "${raw}")`);
    mix[name as (typeof NAMES)[number]] = value;
  }
  return mix;
}

export function describeFaultMix(mix: FaultMix): string {
  const parts = NAMES.filter((n) => (mix[n] ?? 0) > 0).map((n) => `${n}=${Number(((mix[n] ?? 0) * 100).toFixed(3))}%`);
  return parts.length ? parts.join(",") : "none";
}

/** One seeded stream per side: the same seed gives the same sequence of decisions. */
export class FaultDice {
  private readonly random: () => number;
  readonly counts = new Map<string, number>();
  constructor(readonly mix: FaultMix, seed: number) {
    this.random = seededRandom(mix.seed ?? seed);
  }

  /** True with probability `rate` (and counted under `name`). */
  roll(name: string, rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false;
    const hit = this.random() < rate;
    if (hit) this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    return hit;
  }

  /** At most one of the request-level faults; "lost" only for writes. */
  request(write: boolean): RequestFault | undefined {
    const order: RequestFault[] = ["throttle", "error", "reset", "lost", "slow"];
    for (const name of order) {
      if (name === "lost" && !write) continue;
      if (this.roll(name, this.mix[name])) return name;
    }
    return undefined;
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length ? items[Math.floor(this.random() * items.length)] : undefined;
  }

  get slowMs(): number {
    return this.mix.slowMs ?? 400;
  }
}

/**
 * Counts the writes both fakes receive and, when armed, holds the write after the Nth: it is not
 * applied ("before") or applied ("after", its answer lost), and never answered until released,
 * when its connection is dropped. A test arms it, waits for `held`, and kills the client there.
 */
export class WriteTrap {
  writes = 0;
  holdAfter: number | undefined;
  mode: "before" | "after" = "before";
  held = 0;
  /** Each write as "github POST /repos/acme/api/git/refs" or "aws iam:UpdateAccessKey AKIA…", as received. */
  readonly log: string[] = [];
  /** Writes held and then dropped, with the stage they were held at ("before": never applied). */
  readonly dropped: Array<{ what: string; stage: "before" | "after" }> = [];
  private waiting: Array<() => void> = [];

  /** Called as a write arrives; resolves when it may go on, or to "drop" (released while held). */
  async admit(what: string, stage: "before" | "after"): Promise<"go" | "drop"> {
    if (stage === "before") {
      this.writes++;
      this.log.push(what);
    }
    if (this.holdAfter === undefined || this.writes <= this.holdAfter || stage !== this.mode) return "go";
    this.held++;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.dropped.push({ what, stage });
    return "drop";
  }

  arm(holdAfter: number | undefined, mode: "before" | "after" = "before"): void {
    this.holdAfter = holdAfter;
    this.mode = mode;
  }

  /** Disarms and drops every held write's connection. */
  release(): void {
    this.holdAfter = undefined;
    this.held = 0;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  status(): { writes: number; held: number; holdAfter: number | null; log: string[]; dropped: Array<{ what: string; stage: string }> } {
    return { writes: this.writes, held: this.held, holdAfter: this.holdAfter ?? null, log: [...this.log], dropped: [...this.dropped] };
  }

  /** The admin operation `POST /_sandbox/write-trap`: { holdAfter?, mode?, release?, reset? } → status. */
  handler(): (body: unknown) => unknown {
    return (body) => {
      const input = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
      if (input["release"] === true) this.release();
      if (input["reset"] === true) {
        this.writes = 0;
        this.log.length = 0;
      }
      if (typeof input["holdAfter"] === "number") this.arm(input["holdAfter"], input["mode"] === "after" ? "after" : "before");
      return this.status();
    };
  }
}

const AWS_READ = /^(List|Get|Describe|Lookup|GenerateCredentialReport|GenerateServiceLastAccessedDetails|AssumeRole|Simulate)/;

export function isAwsWrite(action: string): boolean {
  return action !== "" && !AWS_READ.test(action);
}

export function isGithubWrite(method: string, graphql: boolean): boolean {
  return !graphql && method !== "GET" && method !== "HEAD";
}
