// The GitHub Action's inputs, read the way the runner passes them: INPUT_<NAME>, the input's name
// upper-cased with spaces as underscores (hyphens stay), empty when not given. Every declared input
// is read on every run, unconditionally, so a test can hold action.yml and this file to each other.
import { KeylessError } from "../core/errors.js";
import { FAIL_ON_CHOICES, isFailOn, type FailOn } from "../report/fail-on.js";

/** The inputs action.yml declares, in its order. */
export const ACTION_INPUTS = [
  "organization",
  "github-token",
  "app-id",
  "app-private-key",
  "aws-region",
  "audit-role",
  "config",
  "fail-on",
  "out",
  "formats",
] as const;
export type InputName = (typeof ACTION_INPUTS)[number];

/** The environment variable the runner sets for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** Report formats, and the files of the audit each stands for. */
export const FORMAT_FILES = {
  md: ["audit.md"],
  json: ["audit.json"],
  html: ["audit.html"],
  csv: ["audit.csv", "findings.csv"],
  sarif: ["audit.sarif"],
  inventory: ["inventory.json"],
} as const;
export type Format = keyof typeof FORMAT_FILES;
const FORMATS = Object.keys(FORMAT_FILES) as Format[];

export type GithubAuth = { kind: "token"; token: string } | { kind: "app"; appId: string; privateKey: { text: string } | { path: string } };

export interface ActionInputs {
  organization: string;
  auth: GithubAuth;
  awsRegion?: string;
  auditRole: string;
  config?: string;
  failOn: FailOn;
  out: string;
  formats: Format[];
}

const bad = (message: string, remediation: string) => new KeylessError("BadActionInput", message, remediation);

export function readActionInputs(env: Record<string, string | undefined>): ActionInputs {
  const raw = Object.fromEntries(ACTION_INPUTS.map((name) => [name, (env[inputVariable(name)] ?? "").trim()])) as Record<InputName, string>;

  const organization = raw.organization;
  if (!organization) throw bad("The organization input is empty.", "Set `organization:` to the GitHub organization to audit (its login, such as acme).");
  // One login: GitHub logins are letters, digits and single hyphens.
  if (!/^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/.test(organization)) {
    throw bad(`The organization input is not one GitHub login (got ${JSON.stringify(organization.slice(0, 80))}).`, "Give one organization per step; audit several with a matrix of organizations.");
  }

  const token = raw["github-token"];
  const appId = raw["app-id"];
  const appKey = raw["app-private-key"];
  let auth: GithubAuth;
  if (token && (appId || appKey)) {
    throw bad("Both github-token and the App inputs are set.", "Give github-token (for example the token of actions/create-github-app-token), or app-id with app-private-key, not both.");
  } else if (token) {
    auth = { kind: "token", token };
  } else if (appId || appKey) {
    if (!appId || !appKey) throw bad(`${appId ? "app-private-key" : "app-id"} is empty, but ${appId ? "app-id" : "app-private-key"} is set.`, "Give both app-id and app-private-key (the PEM text, from a secret), or github-token instead.");
    if (!/^\d+$/.test(appId)) throw bad("app-id is not a number.", "Give the App's numeric id (its settings page shows it), not its client id or name.");
    // A PEM as text (from a secret), or the path of a key file on the runner.
    auth = { kind: "app", appId, privateKey: appKey.includes("-----BEGIN") ? { text: `${appKey}\n` } : { path: appKey } };
  } else {
    throw bad("No GitHub credentials: github-token, app-id and app-private-key are all empty.", "Pass github-token (a GitHub App installation token from actions/create-github-app-token, or a token with repo and read:org), or app-id and app-private-key.");
  }

  const failOn = raw["fail-on"] || "none";
  if (!isFailOn(failOn)) throw bad(`fail-on must be one of ${FAIL_ON_CHOICES.join(", ")} (got ${JSON.stringify(failOn.slice(0, 40))}).`, "Set fail-on to a severity, or to none to never fail on findings.");

  const formats = raw.formats ? raw.formats.split(/[\s,]+/).filter(Boolean) : ["all"];
  const unknown = formats.filter((f) => f !== "all" && !FORMATS.includes(f as Format));
  if (unknown.length > 0) throw bad(`Unknown format ${JSON.stringify(unknown[0]?.slice(0, 40))} in formats.`, `Use all, or any of ${FORMATS.join(", ")}, separated by commas or spaces.`);

  return {
    organization,
    auth,
    ...(raw["aws-region"] ? { awsRegion: raw["aws-region"] } : {}),
    auditRole: raw["audit-role"] || "OrganizationAccountAccessRole",
    ...(raw.config ? { config: raw.config } : {}),
    failOn,
    out: raw.out || "keyless-reports",
    formats: formats.includes("all") ? FORMATS : FORMATS.filter((f) => formats.includes(f)),
  };
}
