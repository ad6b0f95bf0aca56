// Where the scan ran from, in one sentence every report format shares: the account keyless's AWS
// credentials belong to, and whether it is the management account or a delegated administrator.
import type { ScannedFrom } from "../inventory/schema.js";

export function scannedFromText(from: ScannedFrom | undefined, managementAccountId: string | undefined): string | undefined {
  if (!from) return undefined;
  const mgmt = managementAccountId ? ` ${managementAccountId}` : "";
  switch (from.kind) {
    case "management":
      return `AWS scanned from the management account ${from.accountId}.`;
    case "delegated-administrator": {
      const services = from.servicePrincipals?.length ? ` for ${from.servicePrincipals.join(", ")}` : "";
      return `AWS scanned from ${from.accountId}, a delegated administrator${services}, not the management account${mgmt}.`;
    }
    case "member":
      return `AWS scanned from ${from.accountId}, a member account that is neither the management account${mgmt} nor a delegated administrator: only its own account was read.`;
    case "standalone":
      return `AWS scanned from ${from.accountId}, an account outside any organization: only that account was read.`;
  }
}
