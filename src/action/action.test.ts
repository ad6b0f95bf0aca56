// action.yml and the entry point held to each other: every declared input is read and every input
// read is declared, the outputs written are the outputs declared, GitHub's parser accepts action.yml;
// and the pieces of the runner's protocol (INPUT_ names, GITHUB_OUTPUT's delimiter syntax, the key file).
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parserErrors } from "../generate/workflows/validate.js";
import { auditCredentials } from "./credentials.js";
import { scanStatePath } from "../cli/pipeline.js";
import { ACTION_INPUTS, inputVariable, readActionInputs } from "./inputs.js";
import { actionAuditOptions } from "./main.js";
import { ACTION_OUTPUTS, formatOutputs } from "./outputs.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ACTION_YML = readFileSync(join(ROOT, "action.yml"), "utf8");
const action = parse(ACTION_YML) as { inputs: Record<string, { required?: boolean; default?: string }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
const TOKEN_ONLY = { INPUT_ORGANIZATION: "acme", "INPUT_GITHUB-TOKEN": "ghs_x" };

/** Reads the inputs from an environment that records every INPUT_ variable asked for. */
function inputsRead(env: Record<string, string>): string[] {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, key) {
      if (typeof key === "string" && key.startsWith("INPUT_")) read.add(key);
      return target[key as string];
    },
  });
  readActionInputs(proxy);
  return [...read].sort();
}

describe("action.yml", () => {
  it("passes GitHub's parser for action metadata, and runs dist/action.js on node24", () => {
    expect(parserErrors("action.yml", ACTION_YML)).toEqual([]);
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(readFileSync(join(ROOT, "scripts/build.mjs"), "utf8")).toContain('entryPoints: { action: "src/action/run.ts" }');
  });

  it("declares exactly the inputs the entry point reads, and the entry point reads every one of them", () => {
    expect(Object.keys(action.inputs)).toEqual([...ACTION_INPUTS]);
    const declared = Object.keys(action.inputs).map(inputVariable).sort();
    expect(inputsRead(TOKEN_ONLY)).toEqual(declared);
    // Nothing else in the action reads an INPUT_ variable behind readActionInputs' back.
    for (const file of readdirSync(import.meta.dirname).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "inputs.ts")) {
      expect(readFileSync(join(import.meta.dirname, file), "utf8"), file).not.toMatch(/INPUT_(?!")/);
    }
  });

  it("declares exactly the outputs the entry point writes", () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
  });

  it("only organization is required, and the defaults are values the entry point accepts", () => {
    expect(Object.entries(action.inputs).filter(([, i]) => i.required).map(([n]) => n)).toEqual(["organization"]);
    const env: Record<string, string> = { ...TOKEN_ONLY };
    for (const [name, input] of Object.entries(action.inputs)) if (input.default && !(inputVariable(name) in env)) env[inputVariable(name)] = input.default;
    expect(readActionInputs(env)).toMatchObject({ failOn: "none", out: "keyless-reports", auditRole: "OrganizationAccountAccessRole", formats: ["md", "json", "html", "csv", "sarif", "inventory"] });
  });
});

describe("reading the inputs", () => {
  it("names variables as the runner does: upper case, spaces to underscores, hyphens kept", () => {
    expect(inputVariable("github-token")).toBe("INPUT_GITHUB-TOKEN");
    expect(inputVariable("my input")).toBe("INPUT_MY_INPUT");
  });

  it("refuses what cannot be right, with a clear error", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ "INPUT_GITHUB-TOKEN": "t" }, /organization input is empty/],
      [{ INPUT_ORGANIZATION: "acme,globex", "INPUT_GITHUB-TOKEN": "t" }, /not one GitHub login/],
      [{ INPUT_ORGANIZATION: "acme" }, /No GitHub credentials/],
      [{ ...TOKEN_ONLY, "INPUT_APP-ID": "1" }, /Both github-token and the App inputs/],
      [{ INPUT_ORGANIZATION: "acme", "INPUT_APP-ID": "1" }, /app-private-key is empty/],
      [{ INPUT_ORGANIZATION: "acme", "INPUT_APP-ID": "my-app", "INPUT_APP-PRIVATE-KEY": "k.pem" }, /app-id is not a number/],
      [{ ...TOKEN_ONLY, "INPUT_FAIL-ON": "severe" }, /fail-on must be one of critical, high, medium, low, info, none/],
      [{ ...TOKEN_ONLY, INPUT_FORMATS: "md,pdf" }, /Unknown format "pdf"/],
    ];
    for (const [env, message] of cases) expect(() => readActionInputs(env), message.source).toThrow(message);
  });

  it("takes a PEM as text and anything else as a key file's path", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----";
    expect(readActionInputs({ INPUT_ORGANIZATION: "acme", "INPUT_APP-ID": "42", "INPUT_APP-PRIVATE-KEY": pem }).auth).toEqual({ kind: "app", appId: "42", privateKey: { text: `${pem}\n` } });
    expect(readActionInputs({ INPUT_ORGANIZATION: "acme", "INPUT_APP-ID": "42", "INPUT_APP-PRIVATE-KEY": "keys/app.pem" }).auth).toEqual({ kind: "app", appId: "42", privateKey: { path: "keys/app.pem" } });
    expect(readActionInputs({ ...TOKEN_ONLY, INPUT_FORMATS: " md\nsarif " }).formats).toEqual(["md", "sarif"]);
  });
});

describe("the audit the action runs", () => {
  it("opens no state database on GitHub.com or GHES, even with KEYLESS_STATE set (the bundle has no SQLite)", () => {
    const options = actionAuditOptions(readActionInputs(TOKEN_ONLY));
    for (const env of [{ GITHUB_API_URL: "https://api.github.com" }, { GITHUB_API_URL: "https://ghe.acme.example/api/v3", KEYLESS_STATE: "/w/state.db" }]) {
      expect(scanStatePath(options, { env }, "/w"), JSON.stringify(env)).toBeUndefined();
    }
    expect(options.cache).toBe(false);
  });
});

describe("the App key file", () => {
  it("is written 0600 in a 0700 folder, given to the audit by path, and removed by cleanup", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n";
    const creds = auditCredentials({ GITHUB_TOKEN: "from-the-job", "INPUT_APP-PRIVATE-KEY": pem, PATH: "/bin" }, { kind: "app", appId: "42", privateKey: { text: pem } }, tmpdir());
    const file = creds.keyFile ?? "";
    expect(readFileSync(file, "utf8")).toBe(pem);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(resolve(file, "..")).mode & 0o777).toBe(0o700);
    // One credential only, and no input (the PEM) passed on in the environment.
    expect(creds.env).toEqual({ PATH: "/bin", GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY: file });
    creds.cleanup();
    creds.cleanup();
    expect(existsSync(resolve(file, ".."))).toBe(false);
  });

  it("a token replaces any token of the job's environment", () => {
    expect(auditCredentials({ GH_TOKEN: "other", "INPUT_GITHUB-TOKEN": "t" }, { kind: "token", token: "t" }, tmpdir()).env).toEqual({ GITHUB_TOKEN: "t" });
  });
});

describe("GITHUB_OUTPUT", () => {
  it("writes each output with the delimiter syntax, line breaks kept, and refuses a value holding the delimiter as a line", () => {
    expect(formatOutputs({ a: "1", "report-files": "/x/a.md\n/x/b.sarif" }, "D")).toBe("a<<D\n1\nD\nreport-files<<D\n/x/a.md\n/x/b.sarif\nD\n");
    expect(() => formatOutputs({ a: "x\nD\ny" }, "D")).toThrow(/delimiter/);
  });
});
