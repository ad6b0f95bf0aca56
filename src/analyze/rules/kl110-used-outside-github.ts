// KL110: a key that GitHub Actions uses is also used from addresses outside GitHub-hosted runner ranges.
import type { CloudTrailEvent } from "../../inventory/schema.js";
import { groupBy, keySubject, makeFinding } from "./helpers.js";
import { ipRanges, isIpAddress } from "./ip-ranges.js";
import { accessKeys, linkedRepos, linksByKey, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

const MAX_ADDRESSES = 5;

export const KL110: KeylessRule = {
  id: "KL110",
  name: "KeyUsedOutsideGitHub",
  title: "Key used from outside GitHub-hosted runners",
  severity: "medium",
  description:
    "CloudTrail shows a key that is linked to a repository (or also used from GitHub-hosted runners) making calls from IP addresses " +
    "outside GitHub's published Actions ranges (`/meta`). Service names that CloudTrail writes instead of an address (`AWS Internal`, " +
    "`*.amazonaws.com`) are ignored. Skipped when the inventory has no Actions ranges or no CloudTrail events for the key.",
  rationale:
    "A CI key used from somewhere else is either shared with another consumer (a laptop, a server, a self-hosted runner) or leaked. " +
    "Either way, deactivating it after the OIDC migration would break that other consumer, and a leak must be handled as an " +
    "incident. Medium: often a self-hosted runner or a developer, but it must be explained before the key is retired.",
  remediation:
    "Identify each address (self-hosted runner, office, cloud host). Move those consumers to their own credentials (an instance " +
    "role, SSO, OIDC) before retiring the key; if an address is unknown, treat the key as compromised: deactivate it and review its " +
    "CloudTrail activity.",
  tags: ["aws", "credentials", "cloudtrail", "incident-response"],
  about: "key",
  check(context) {
    const ranges = ipRanges(context.inventory.github?.actionsIpRanges ?? []);
    if (ranges.size === 0) return [];
    const events = groupBy(context.inventory.aws?.cloudTrail ?? [], (e) => e.accessKeyId);
    const links = linksByKey(context.links);
    return accessKeys(context).flatMap((key) => {
      const own = (events.get(key.accessKeyId) ?? []).filter((e) => isIpAddress(e.sourceIPAddress));
      const inside = own.filter((e) => ranges.contains(e.sourceIPAddress ?? ""));
      const outside = own.filter((e) => !ranges.contains(e.sourceIPAddress ?? ""));
      const linked = links.get(key.accessKeyId);
      if (outside.length === 0 || (inside.length === 0 && !linked?.length)) return [];
      const byAddress = groupBy(outside, (e) => e.sourceIPAddress ?? "");
      const addresses = [...byAddress.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
      const evidence = addresses.slice(0, MAX_ADDRESSES).map(([ip, list]) => {
        const times = list.map((e) => e.eventTime).sort();
        const agent = list.find((e) => e.userAgent)?.userAgent;
        return `${ip}: ${list.length} event(s) from ${times[0]} to ${times[times.length - 1]}${agent ? `, user agent ${agent.slice(0, 120)}` : ""}.`;
      });
      if (addresses.length > MAX_ADDRESSES) evidence.push(`…and ${addresses.length - MAX_ADDRESSES} more address(es).`);
      if (inside.length > 0) evidence.push(`${inside.length} event(s) came from GitHub-hosted runner ranges.`);
      return [
        makeFinding(KL110, keySubject(key), "", {
          message: `Access key ${key.accessKeyId} of ${owner(key)} in account ${key.accountId} was used from ${addresses.length} address(es) outside GitHub-hosted runners (${outside.length} of ${own.length} CloudTrail events)${linked?.length ? `; ${linkedRepos(linked)}` : ""}.`,
          evidence,
        }),
      ];
    });
  },
};
