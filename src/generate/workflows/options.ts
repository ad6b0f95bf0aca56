// Patch options and role choices checked before anything is written: the action reference, the
// pin, and the values that end up in the workflow (role ARNs, external id, region).
import { KeylessError } from "../../core/errors.js";
import { DEFAULT_ACTION_REF, type PatchOptions, type RoleChoice } from "./types.js";

export interface ResolvedOptions {
  /** The `uses:` value to write. */
  uses: string;
  /** ` # v6` after a pinned SHA, else "". */
  comment: string;
  /** The action without its ref, lowercased (to recognise it). */
  action: string;
  /** The major version the ref names (v6 → 6), when it names one. */
  major?: number;
  sessionDuration?: number;
  missingRegionHint?: string;
}

// owner/repo[/path]@ref, GitHub's owner and repository name characters; no `.`/`..` segments.
const ACTION_REF = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/(?!\.\.?(?:\/|@))[A-Za-z0-9_.-]+(?:\/(?!\.\.?(?:\/|@))[A-Za-z0-9_.-]+)*)@([A-Za-z0-9_.+/-]+)$/;

export function resolveOptions(options: PatchOptions | undefined): ResolvedOptions {
  const ref = options?.actionRef ?? DEFAULT_ACTION_REF;
  const m = ACTION_REF.exec(ref);
  if (!m) {
    throw new KeylessError("PatchOptionsInvalid", `action reference ${JSON.stringify(ref)} is not owner/repo@ref`, "Pass the action as owner/repo@ref, for example aws-actions/configure-aws-credentials@v6.");
  }
  const [, action = "", version = ""] = m;
  const duration = options?.sessionDuration;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43200)) {
    throw new KeylessError("PatchOptionsInvalid", `session duration ${duration} is outside 900–43200 seconds`, "Pass a whole number of seconds between 900 and 43200.");
  }
  const major = /^v?(\d+)(?:\.\d+)*$/.exec(version)?.[1];
  const extra = {
    ...(duration !== undefined ? { sessionDuration: duration } : {}),
    ...(major !== undefined ? { major: Number(major) } : {}),
    ...(options?.missingRegionHint !== undefined ? { missingRegionHint: options.missingRegionHint } : {}),
  };
  if (options?.pinSha === undefined) return { uses: ref, comment: "", action: action.toLowerCase(), ...extra };
  if (!/^[0-9a-f]{40}$/i.test(options.pinSha)) {
    throw new KeylessError("PatchOptionsInvalid", "the pinned SHA is not a 40-digit commit id", "Pass the full commit SHA of the action's release.");
  }
  return { uses: `${action}@${options.pinSha.toLowerCase()}`, comment: ` # ${version}`, action: action.toLowerCase(), ...extra };
}

/** A workflow expression reading one named value: `${{ vars.ROLE }}`, `${{ secrets.ID }}`, `${{ inputs.role }}`. */
const EXPRESSION = /^\$\{\{\s*(?:vars|secrets|inputs)\.[A-Za-z_][A-Za-z0-9_-]*\s*\}\}$/;
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
// IAM's pattern for sts:ExternalId.
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Why a choice cannot be written into a workflow, or undefined when it can. */
export function choiceProblem(choice: RoleChoice): string | undefined {
  const check = (what: string, value: string | undefined, pattern: RegExp) =>
    value === undefined || pattern.test(value) || EXPRESSION.test(value) ? undefined : `the ${what} ${JSON.stringify(value)} is not valid`;
  return (
    check("entry role ARN", choice.entryRoleArn, ROLE_ARN) ??
    check("chained role ARN", choice.chainRoleArn, ROLE_ARN) ??
    check("external id", choice.externalId, EXTERNAL_ID) ??
    check("region", choice.region, REGION)
  );
}

/** A key that tells apart choices that need separate configure steps. */
export function choiceKey(choice: RoleChoice): string {
  return JSON.stringify([choice.entryRoleArn, choice.chainRoleArn ?? "", choice.externalId ?? "", choice.region ?? ""]);
}
