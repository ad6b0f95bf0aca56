// Writing against the real file when the scan kept it masked. A saved inventory holds workflow texts
// with literal secrets masked (same length); patches made from it are edits of the masked text. Right
// before the commit, the file is read again from the base branch, checked to be the file scanned
// (git's blob id recorded at scan time), and the edit applied line by line to its exact bytes: lines
// the patch kept come from the real file, lines it wrote from the patch. A patch that would keep a
// secret, or one that needs a line the mask covers, is refused.
import { diffArrays } from "diff";
import { literalSecretSpans, maskSecrets } from "../../core/literal-secrets.js";
import { KeylessError } from "../../core/errors.js";
import type { Inventory } from "../../inventory/schema.js";

/** `repo\npath` → blob id at scan time, for every file the inventory stores masked. */
export function maskedFilesOf(inventory: Inventory): Map<string, string> {
  const out = new Map<string, string>();
  for (const repo of inventory.github?.repos ?? []) {
    for (const file of repo.workflows) if (file.redacted && file.sha) out.set(`${repo.fullName}\n${file.path}`, file.sha);
  }
  return out;
}

function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * The patched file made from the real bytes: `masked` is what the patch was made from, `after` the
 * patched masked text, `real` the file as it is now. Throws a KeylessError when `real` is not the
 * file that was masked, or when the result would still hold a secret.
 */
export function exactAfter(where: string, masked: string, after: string, real: string): string {
  if (maskSecrets(real) !== masked) {
    throw new KeylessError("FileChangedSinceScan", `${where} changed since the scan: not written.`, "Run the audit again, then keyless pr.");
  }
  const realLines = linesOf(real);
  let at = 0;
  let out = "";
  for (const part of diffArrays(linesOf(masked), linesOf(after))) {
    if (part.added) out += part.value.join("");
    else if (part.removed) at += part.value.length;
    else {
      out += realLines.slice(at, at + part.value.length).join("");
      at += part.value.length;
    }
  }
  if (literalSecretSpans(out).length > 0) {
    throw new KeylessError(
      "SecretWouldBeWritten",
      `The patch of ${where} would keep a secret access key written in the file: not written.`,
      "Delete the secret's line by hand and rotate the key (it stays in the repository's history), then run the audit again.",
    );
  }
  return out;
}
