// Discover: the only stage that reads AWS and GitHub while scanning. Both sides run at once and
// come back as one Inventory; either side can be left out.
import { INVENTORY_SCHEMA_VERSION, Inventory } from "../inventory/schema.js";
import { VERSION } from "../version.js";
import { discoverAws, type AwsDiscoverOptions } from "./aws/index.js";
import type { DiscoverListener } from "./events.js";
import { discoverGithub, type GithubDiscoverOptions } from "./github/index.js";
import { discoverLocal } from "./local/index.js";
import { RequestCounter } from "./request-counter.js";

export interface DiscoverOptions {
  aws?: Omit<AwsDiscoverOptions, "counter" | "onEvent" | "now">;
  github?: Omit<GithubDiscoverOptions, "counter" | "onEvent" | "now">;
  /** Read repositories from local checkouts instead of the GitHub API. */
  local?: string;
  now: Date;
  onEvent?: DiscoverListener;
}

export async function discover(options: DiscoverOptions): Promise<Inventory> {
  const counter = new RequestCounter();
  const common = { counter, onEvent: options.onEvent, now: options.now };
  const [aws, github] = await Promise.all([
    options.aws ? discoverAws({ ...options.aws, ...common }) : undefined,
    options.local ? discoverLocal(options.local) : options.github ? discoverGithub({ ...options.github, ...common }) : undefined,
  ]);
  // Parsed through the schema so a fresh scan and a re-read snapshot are the same value, key order included.
  return Inventory.parse({
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: options.now.toISOString(),
    tool: { name: "keyless", version: VERSION },
    aws: aws?.aws,
    github: github?.github,
    // Sorted: accounts and repos finish in any order, the snapshot must not depend on it.
    skipped: [...(aws?.skipped ?? []), ...(github?.skipped ?? [])].sort(
      (a, b) => a.side.localeCompare(b.side) || a.target.localeCompare(b.target) || a.code.localeCompare(b.code),
    ),
    requests: counter.toJSON(),
  });
}
