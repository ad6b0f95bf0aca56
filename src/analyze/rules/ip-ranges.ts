// CIDR membership for CloudTrail source addresses (IPv4 and IPv6). CloudTrail also writes service
// names there ("lambda.amazonaws.com", "AWS Internal"): those are not addresses and match nothing.
import ipaddr from "ipaddr.js";


export interface IpRanges {
  /** True when `address` is an IP address inside one of the ranges. */
  contains(address: string): boolean;
  size: number;
}

export function isIpAddress(address: string | undefined): address is string {
  return !!address && ipaddr.isValid(address);
}

export function ipRanges(cidrs: string[]): IpRanges {
  const v4: Array<[ipaddr.IPv4, number]> = [];
  const v6: Array<[ipaddr.IPv6, number]> = [];
  for (const cidr of cidrs) {
    try {
      const [base, bits] = ipaddr.parseCIDR(cidr.trim());
      if (base.kind() === "ipv4") v4.push([base as ipaddr.IPv4, bits]);
      else v6.push([base as ipaddr.IPv6, bits]);
    } catch {
      // A malformed entry is skipped rather than failing the analysis.
    }
  }
  return {
    size: v4.length + v6.length,
    contains(address) {
      if (!ipaddr.isValid(address)) return false;
      // process() turns an IPv4-mapped IPv6 address (::ffff:1.2.3.4) back into IPv4.
      const ip = ipaddr.process(address);
      if (ip.kind() === "ipv4") return v4.some((range) => (ip as ipaddr.IPv4).match(range));
      return v6.some((range) => (ip as ipaddr.IPv6).match(range));
    },
  };
}
