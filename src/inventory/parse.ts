// Reads an Inventory snapshot from JSON text, validated against the schema, with errors that say
// which field is wrong.
import { maskSecretsDeep } from "../core/literal-secrets.js";
import { KeylessError } from "../core/errors.js";
import { gitBlobSha } from "../core/git-blob.js";
import { INVENTORY_SCHEMA_VERSION, Inventory } from "./schema.js";

export function parseInventory(text: string, source: string): Inventory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file's first bytes, and bare `keyless` reads
    // ./reports/inventory.json, which a checkout can commit as a link to a credentials file.
    throw new KeylessError("BadInventory", `${source} is not valid JSON.`, "Pass a file written by `keyless audit` (reports/inventory.json).");
  }
  const version = (data as { schemaVersion?: unknown })?.schemaVersion;
  if (version !== INVENTORY_SCHEMA_VERSION) {
    throw new KeylessError(
      "BadInventory",
      `${source} has schemaVersion ${JSON.stringify(version)}; this keyless reads version ${INVENTORY_SCHEMA_VERSION}.`,
      "Re-run `keyless audit` with this version to write a fresh inventory.",
    );
  }
  const parsed = Inventory.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join(".") || "(root)" : "(root)";
    throw new KeylessError(
      "BadInventory",
      `${source} does not match the inventory schema at ${where}: ${first?.message ?? "invalid"} (${parsed.error.issues.length} problem(s)).`,
      "Pass a file written by `keyless audit`, unmodified.",
    );
  }
  return parsed.data;
}

/**
 * The inventory as JSON, with every literal secret masked (same length, so locations stay right):
 * this text goes to reports/ (often a CI artifact) and to the state store. A masked workflow file
 * keeps the blob id of the real one, so a write can tell whether the file changed since the scan.
 */
export function serializeInventory(inventory: Inventory): string {
  return `${JSON.stringify(redactInventory(inventory), null, 2)}\n`;
}

export function redactInventory(inventory: Inventory): Inventory {
  const masked = maskSecretsDeep(inventory);
  for (const [i, repo] of (masked.github?.repos ?? []).entries()) {
    for (const [j, file] of repo.workflows.entries()) {
      const text = inventory.github?.repos[i]?.workflows[j]?.text;
      if (text === undefined || file.text === text) continue;
      repo.workflows[j] = { ...file, sha: file.sha ?? gitBlobSha(text), redacted: true };
    }
  }
  return masked;
}
