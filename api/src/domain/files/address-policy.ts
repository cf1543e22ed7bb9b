import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a URL import (or a webhook URL) may connect to. Only globally routable unicast
 * addresses, unless an operator allowlisted the host, the address or a CIDR around it
 * (IMPORT_ALLOWLIST, WEBHOOK_URL_ALLOWLIST). An IPv6 address that carries an IPv4 address is judged
 * by the IPv4 address(es) it carries (see `embeddedIPv4`): `::ffff:10.0.0.1`, `::127.0.0.1`,
 * `64:ff9b::169.254.169.254`, `2002:7f00:1::1` are all refused like the IPv4 address inside.
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

const v6 = (cidr: string) => ipaddr.parseCIDR(cidr) as [ipaddr.IPv6, number];
const IPV4_COMPATIBLE = v6('::/96');
const IPV4_TRANSLATED = v6('::ffff:0:0:0/96'); // RFC 6145 (SIIT): ::ffff:0:a.b.c.d
const NAT64_WELL_KNOWN = v6('64:ff9b::/96'); // RFC 6052
const NAT64_LOCAL_USE = v6('64:ff9b:1::/48'); // RFC 8215: where the IPv4 address sits is the operator's choice
const SIX_TO_FOUR = v6('2002::/16'); // RFC 3056: 2002:a.b.c.d::/48
const TEREDO = v6('2001::/32'); // RFC 4380: server IPv4 in bits 32–63, client IPv4 (inverted) in bits 96–127

const v4At = (parts: number[], i: number, invert = false) => {
  const mask = invert ? 0xffff : 0;
  const [hi, lo] = [parts[i] ^ mask, parts[i + 1] ^ mask];
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
};

/**
 * The IPv4 addresses an IPv6 address carries and would reach: IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-compatible (`::a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`),
 * 6to4 (`2002:AABB:CCDD::/48`) and Teredo (server and client). `null` when the address embeds IPv4
 * somewhere no one can tell (NAT64 local-use prefixes); `[]` when it embeds none.
 */
export function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const parts = addr.parts;
  if (addr.isIPv4MappedAddress()) return [addr.toIPv4Address()];
  // `::` and `::1` are in ::/96 too, but are their own (refused) ranges, judged as IPv6.
  if (addr.match(IPV4_COMPATIBLE) && addr.range() !== 'unspecified' && addr.range() !== 'loopback') return [v4At(parts, 6)];
  if (addr.match(IPV4_TRANSLATED) || addr.match(NAT64_WELL_KNOWN)) return [v4At(parts, 6)];
  if (addr.match(NAT64_LOCAL_USE)) return null;
  if (addr.match(SIX_TO_FOUR)) return [v4At(parts, 1)];
  if (addr.match(TEREDO)) return [v4At(parts, 2), v4At(parts, 6, true)];
  return [];
}

function allowlisted(addr: ipaddr.IPv4 | ipaddr.IPv6, policy: AddressPolicy): boolean {
  return policy.cidrs.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range as never, bits));
}

function checkIPv4(addr: ipaddr.IPv4, policy: AddressPolicy): AddressVerdict {
  if (allowlisted(addr, policy)) return { allowed: true };
  const range = addr.range();
  return range === 'unicast' ? { allowed: true } : { allowed: false, reason: `${addr.toString()} is a ${describe(range)} address` };
}

/** Judges one resolved (or literal) IP address. */
export function checkAddress(ip: string, policy: AddressPolicy): AddressVerdict {
  if (!net.isIP(ip)) return { allowed: false, reason: `'${ip}' is not an IP address` };
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv4') return checkIPv4(parsed as ipaddr.IPv4, policy);
  const addr = parsed as ipaddr.IPv6;
  if (allowlisted(addr, policy)) return { allowed: true };
  const embedded = embeddedIPv4(addr);
  if (embedded === null) return { allowed: false, reason: `${addr.toString()} carries an IPv4 address at an unknown place (local-use NAT64)` };
  if (embedded.length) {
    for (const v4 of embedded) {
      const verdict = checkIPv4(v4, policy);
      if (!verdict.allowed) return { allowed: false, reason: `${addr.toString()} carries ${v4.toString()}, and ${verdict.reason}` };
    }
    return { allowed: true };
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
