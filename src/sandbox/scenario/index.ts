// Scenario generator: builds the sandbox World by name from a seed. `acme` is the small realistic
// organization; `large` is acme grown to 1000 accounts and 10000 repos; both take the same options.
import { KeylessError } from "../../core/errors.js";
import type { World } from "../world.js";
import { acmePlan } from "./acme.js";
import { buildWorld } from "./build-world.js";
import { addLabsOrg } from "./labs.js";
import { extendPlan } from "./large.js";
import { iso } from "./random.js";

export {
  SANDBOX_AWS_CREDENTIALS,
  SANDBOX_AWS_DELEGATED_CREDENTIALS,
  SANDBOX_CALLER_USER,
  SANDBOX_GITHUB_APP_LOGIN,
  SANDBOX_GITHUB_APP_TOKEN,
  SANDBOX_GITHUB_LIMITED_LOGIN,
  SANDBOX_GITHUB_LIMITED_SCOPES,
  SANDBOX_GITHUB_LIMITED_TOKEN,
  SANDBOX_GITHUB_LOGIN,
  SANDBOX_GITHUB_SCOPES,
  SANDBOX_GITHUB_TOKEN,
} from "./credentials.js";
export { CAC_RUN_ID_PATTERN, CAC_USER_AGENT_MARK, cacUserAgent } from "./cloudtrail.js";
export { IMMUTABLE_SUBJECT_SINCE } from "./build-github.js";
export { SECRET_TIMING_WINDOW_MS, namesMatch } from "./truth.js";
export { ENTERPRISE_SLUG, LABS_ORG } from "./labs.js";

export interface ScenarioOptions {
  seed?: number;
  /** Total AWS accounts wanted; more than the scenario has adds generated ones (never fewer). */
  accounts?: number;
  /** Total repos wanted; more than the scenario has adds generated ones (never fewer). */
  repos?: number;
  /** ISO-8601 "now" the world is built around. */
  now?: string;
  /** Share (0 to 1) of the generated repositories that use AWS keys; default 0.12. The rest never touch AWS keys. */
  awsShare?: number;
}

export const DEFAULT_SEED = 20261120;
export const DEFAULT_NOW = "2026-11-20T12:00:00Z";

const SCENARIOS = {
  acme: { accounts: 0, repos: 0 },
  large: { accounts: 1000, repos: 10000 },
  /** acme, plus the acme-labs organization and the acme-group enterprise that lists both. */
  enterprise: { accounts: 0, repos: 0 },
} as const;

export type ScenarioName = keyof typeof SCENARIOS;
export const scenarioNames: readonly ScenarioName[] = Object.keys(SCENARIOS) as ScenarioName[];

export function buildScenario(name: string, options: ScenarioOptions = {}): World {
  if (!Object.hasOwn(SCENARIOS, name)) {
    throw new KeylessError("UnknownScenario", `There is no sandbox scenario named "${name}".`, `Use one of: ${scenarioNames.join(", ")}.`);
  }
  const defaults = SCENARIOS[name as ScenarioName];
  const now = options.now ?? DEFAULT_NOW;
  if (Number.isNaN(Date.parse(now))) {
    throw new KeylessError("InvalidScenarioOption", `The scenario time "${now}" is not an ISO-8601 date.`, "Pass a time such as 2026-11-20T12:00:00Z.");
  }
  for (const [label, value] of [["accounts", options.accounts], ["repos", options.repos]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 1_000_000)) {
      throw new KeylessError("InvalidScenarioOption", `--${label} must be a whole number up to 1000000 (got ${value}).`, `Pass a count such as --${label} 1000.`);
    }
  }
  if (options.awsShare !== undefined && !(options.awsShare >= 0 && options.awsShare <= 1)) {
    throw new KeylessError("InvalidScenarioOption", `--aws-share must be a fraction between 0 and 1 (got ${options.awsShare}).`, "Pass a share such as --aws-share 0.12 (12% of the repositories use AWS keys).");
  }
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const want = { accounts: options.accounts ?? defaults.accounts, repos: options.repos ?? defaults.repos, awsShare: options.awsShare };
  const plan = want.accounts > 0 || want.repos > 0 ? extendPlan(acmePlan(), want, seed) : acmePlan();
  const world = buildWorld(plan, seed, iso(Date.parse(now)));
  return name === "enterprise" ? addLabsOrg(world) : world;
}
