// Whether a CloudTrail source address lies in GitHub-hosted runner ranges (/meta `actions`), IPv4 and
// IPv6. CloudTrail also writes service names ("lambda.amazonaws.com", "AWS Internal") there: not IPs.
import ipaddr from "ipaddr.js";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export type RangeMatcher = (address: string | undefined) => boolean;

export function runnerRangeMatcher(cidrs: string[]): RangeMatcher {
  const ranges: Range[] = [];
  for (const cidr of cidrs) {
    try {
      ranges.push(ipaddr.parseCIDR(cidr.trim()));
    } catch {
      // A malformed entry in /meta is ignored rather than failing the analysis.
    }
  }
  const v4 = ranges.filter(([a]) => a.kind() === "ipv4");
  const v6 = ranges.filter(([a]) => a.kind() === "ipv6");
  return (address) => {
    if (!address || !ipaddr.isValid(address)) return false;
    // process() turns an IPv4-mapped IPv6 address (::ffff:1.2.3.4) back into IPv4.
    const ip = ipaddr.process(address);
    const list = ip.kind() === "ipv4" ? v4 : v6;
    return list.some((range) => ip.match(range));
  };
}
