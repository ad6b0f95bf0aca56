// Counts the HTTP requests discover makes, per side and endpoint, so that every run can report
// what it cost against the rate limits. Retries count: each attempt is a request.
import type { RequestCount } from "../inventory/schema.js";

export class RequestCounter {
  private readonly counts = new Map<string, number>();

  add(side: "aws" | "github", endpoint: string): void {
    const key = `${side}\u0000${endpoint}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  total(side?: "aws" | "github"): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (!side || key.startsWith(`${side}\u0000`)) sum += n;
    return sum;
  }

  toJSON(): RequestCount[] {
    return [...this.counts]
      .map(([key, count]) => {
        const [side, endpoint] = key.split("\u0000") as ["aws" | "github", string];
        return { side, endpoint, count };
      })
      .sort((a, b) => a.side.localeCompare(b.side) || b.count - a.count || a.endpoint.localeCompare(b.endpoint));
  }
}
