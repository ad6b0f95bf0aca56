// Progress events that discover emits while it works; the CLI prints them and the TUI draws them.
// Plain data, so that any shell can project them.

export type DiscoverEvent =
  | { type: "aws-accounts"; total: number }
  | { type: "aws-account-done"; accountId: string; keys: number; ok: boolean; reason?: string }
  /**
   * Repositories to read. In a multi-organization scan each organization announces its own
   * (`org`, `orgTotal`), and `total` counts every organization announced so far.
   */
  | { type: "github-repos"; total: number; org?: string; orgTotal?: number }
  | { type: "github-repo-done"; repo: string; ok: boolean; reason?: string }
  | { type: "skip"; side: "aws" | "github"; target: string; code: string; reason: string }
  | { type: "phase"; side: "aws" | "github"; phase: string }
  /** A request waits for a rate limit to pass (GitHub's primary limit can mean up to an hour). */
  | { type: "wait"; side: "aws" | "github"; seconds: number; reason: string; until?: string }
  /** What an answer said is left of a rate-limit budget, and the requests sent so far (for the ETA). */
  | { type: "rate"; side: "github"; resource: "core" | "graphql"; limit: number; remaining: number; resetAt: string; requests: number }
  /** When the GitHub scan should end, at the pace so far and as the rate limit allows (see github/eta.ts). */
  | { type: "eta"; side: "github"; at: string }
  /** What the scan cache saved: answers not modified (304, not charged), repos whose workflow trees had not changed. */
  | { type: "github-cache"; notModified: number; reusedTrees: number };

export type DiscoverListener = (event: DiscoverEvent) => void;
