// Discover: the only stage that reads AWS and GitHub while scanning. Both sides run at once and
// come back as one Inventory; either side can be left out.
import { INVENTORY_SCHEMA_VERSION, Inventory } from "../inventory/schema.js";
import { VERSION } from "../version.js";
import { discoverAws, type AwsDiscoverOptions } from "./aws/index.js";
import type { DiscoverListener } from "./events.js";
import type { GithubDiscoverOptions } from "./github/index.js";
import { discoverGithubOrgs, enterpriseOrgs } from "./github/orgs.js";
import { discoverLocal } from "./local/index.js";
import { RequestCounter } from "./request-counter.js";

export interface DiscoverOptions {
  aws?: Omit<AwsDiscoverOptions, "counter" | "onEvent" | "now">;
  /** `org` may name several organizations, comma-separated; `enterprise` reads every organization of that enterprise the token sees. */
  github?: Omit<GithubDiscoverOptions, "counter" | "onEvent" | "now" | "org"> & { org?: string; enterprise?: string };
  /** Read repositories from local checkouts instead of the GitHub API. */
  local?: string;
  now: Date;
  onEvent?: DiscoverListener;
}

async function discoverGithubScope(github: NonNullable<DiscoverOptions["github"]>, common: { counter: RequestCounter; onEvent?: DiscoverListener; now: Date }) {
  const { org, enterprise, ...rest } = github;
  const orgs = enterprise ? await enterpriseOrgs(github.connection, common.counter, enterprise) : (org ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  return discoverGithubOrgs({ ...rest, ...common, orgs });
}

export async function discover(options: DiscoverOptions): Promise<Inventory> {
  const counter = new RequestCounter();
  const common = { counter, onEvent: options.onEvent, now: options.now };
  const [aws, github] = await Promise.all([
    options.aws ? discoverAws({ ...options.aws, ...common }) : undefined,
    options.local ? discoverLocal(options.local) : options.github ? discoverGithubScope(options.github, common) : undefined,
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
