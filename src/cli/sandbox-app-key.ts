// `keyless sandbox`'s GitHub App: its private key is written to a file of its own (mode 0600, in a
// fresh private folder), which the printed GITHUB_APP_PRIVATE_KEY names, and removed on exit.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "commander";

export interface WrittenKey {
  path: string;
  remove(): void;
}

export function writeSandboxAppKey(privateKeyPem: string): WrittenKey {
  const dir = mkdtempSync(join(tmpdir(), "keyless-sandbox-app-"));
  const path = join(dir, "keyless-sandbox-app.private-key.pem");
  writeFileSync(path, privateKeyPem, { mode: 0o600, flag: "wx" });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `--app-permissions contents=write,pull_requests=write`: the installation's permissions. */
export function appPermissions(value: string): Record<string, "read" | "write"> {
  const out: Record<string, "read" | "write"> = {};
  for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)=(read|write)$/.exec(part);
    if (!match) throw new InvalidArgumentError(`'${part}' is not name=read or name=write (e.g. contents=write,pull_requests=write)`);
    out[match[1] as string] = match[2] as "read" | "write";
  }
  return out;
}
