import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a URL import may connect to. Only globally routable unicast addresses, unless an
 * operator allowlisted the host, the address or a CIDR around it (IMPORT_ALLOWLIST). IPv4-mapped
 * IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it carries.
 */
export interface AddressPolicy {
  hosts: Set<string>;
  cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

export function parseAllowlist(entries: readonly string[]): AddressPolicy {
  const policy: AddressPolicy = { hosts: new Set(), cidrs: [] };
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    if (entry.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(entry);
      policy.cidrs.push([normalise(addr), addr.kind() === 'ipv6' && normalise(addr).kind() === 'ipv4' ? Math.max(0, bits - 96) : bits]);
    } else if (ipaddr.isValid(entry)) {
      const addr = normalise(ipaddr.parse(entry));
      policy.cidrs.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else {
      policy.hosts.add(entry.replace(/\.$/, ''));
    }
  }
  return policy;
}

function normalise(addr: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

/** URL hostnames carry IPv6 in brackets; DNS names may end in a dot. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

export function isHostAllowlisted(hostname: string, policy: AddressPolicy): boolean {
  return policy.hosts.has(bareHost(hostname));
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Judges one resolved (or literal) IP address. */
export function checkAddress(ip: string, policy: AddressPolicy): AddressVerdict {
  if (!net.isIP(ip)) return { allowed: false, reason: `'${ip}' is not an IP address` };
  const addr = normalise(ipaddr.parse(ip));
  for (const [range, bits] of policy.cidrs) {
    if (range.kind() === addr.kind() && addr.match(range as never, bits)) return { allowed: true };
  }
  const range = addr.range();
  return range === 'unicast' ? { allowed: true } : { allowed: false, reason: `${addr.toString()} is a ${describe(range)} address` };
}

function describe(range: string): string {
  const names: Record<string, string> = {
    loopback: 'loopback',
    private: 'private',
    uniqueLocal: 'private (unique local)',
    linkLocal: 'link-local',
    carrierGradeNat: 'carrier-grade NAT',
    unspecified: 'unspecified',
    multicast: 'multicast',
    broadcast: 'broadcast',
    reserved: 'reserved',
  };
  return names[range] ?? `non-public (${range})`;
}
