// What AWS makes of credentials a step was handed (step-walk.ts): an active key whose secret
// matches is used; an inactive or deleted key is refused, as STS refuses it; a secret the job
// needed but that is no longer set leaves the step without credentials. Values that are no key of
// this world (stand-ins, placeholders such as LocalStack's `test`) reach no AWS account here.

import type { AccessKey, World } from "../world.js";
import { secretOf } from "./secrets-context.js";
import type { KeyHandOff } from "./step-walk.js";

export type KeyOutcome = { use: { accessKeyId: string; accountId: string; userName: string; region: string; uses?: string } } | { failure: string };

const KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const INVALID = "The security token included in the request is invalid. (InvalidClientTokenId)";
const SIGNATURE = "The request signature we calculated does not match the signature you provided. (SignatureDoesNotMatch)";

/** The outcome of one hand-off, or undefined when it hands over no credentials AWS would know. */
export function keyOutcome(world: World, handOff: KeyHandOff, missing: string[], heldKey: (name: string) => boolean): KeyOutcome | undefined {
  const unset = missing.filter(heldKey);
  const noCredentials = unset.length > 0 ? { failure: `the secret ${unset.join(", ")} is no longer set, so the job gets no credentials` } : undefined;
  if (handOff.script !== undefined) {
    for (const id of new Set(handOff.script.match(KEY_ID) ?? [])) {
      const outcome = judge(world, id, (secret) => handOff.script?.includes(secret) ?? false, handOff);
      if (outcome) return outcome;
    }
    // A script that reads a secret that held a key, now gone, runs its AWS command without one.
    return credentialsMentioned(handOff.script) ? noCredentials : undefined;
  }
  const id = handOff.accessKeyId.trim();
  if (!id || !handOff.secretAccessKey) return noCredentials;
  return judge(world, id, (secret) => secret === handOff.secretAccessKey, handOff);
}

function judge(world: World, id: string, hasSecret: (secret: string) => boolean, handOff: KeyHandOff): KeyOutcome | undefined {
  const found = findKey(world, id);
  if (!found) {
    // A key this world made and has since deleted: STS no longer knows the id.
    const deleted = world.truth.links.some((l) => l.accessKeyId === id) && hasSecret(secretOf(id));
    return deleted ? { failure: INVALID } : undefined;
  }
  const { key, accountId } = found;
  if (!hasSecret(secretOf(id))) return handOff.script === undefined ? { failure: SIGNATURE } : undefined;
  if (key.status !== "Active") return { failure: INVALID };
  return { use: { accessKeyId: id, accountId, userName: key.userName, region: handOff.region || "us-east-1", ...(handOff.uses ? { uses: handOff.uses } : {}) } };
}

function findKey(world: World, id: string): { key: AccessKey; accountId: string } | undefined {
  for (const [accountId, iam] of Object.entries(world.aws.iam)) {
    const key = iam.accessKeys.find((k) => k.accessKeyId === id);
    if (key) return { key, accountId };
  }
  return undefined;
}

function credentialsMentioned(script: string): boolean {
  return /aws|access.?key|secret/i.test(script);
}
