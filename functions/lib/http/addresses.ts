import { BlockList, isIP } from 'node:net';

// The addresses an HTTP check may not be steered to (see `targetProblem` in target.ts).

/**
 * Link-local addresses: the EC2 instance metadata service (169.254.169.254, fd00:ec2::254), the ECS
 * task metadata and credentials endpoint (169.254.170.2), the VPC DNS and time servers. A check
 * steered there could read credentials into a failure message.
 */
const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');
linkLocal.addAddress('fd00:ec2::254', 'ipv6');
linkLocal.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');

/**
 * Loopback addresses: this host itself, where the Lambda Runtime API listens (127.0.0.1:9001: it hands
 * out invocation events) and local extensions. `0.0.0.0` and `::` reach this host too.
 */
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addSubnet('0.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addAddress('::', 'ipv6');
loopback.addSubnet('64:ff9b::7f00:0', 104, 'ipv6');

/** A URL hostname without the brackets of an IPv6 literal (`[::1]` → `::1`). */
export const unbracket = (host: string) => (host.startsWith('[') ? host.slice(1, -1) : host);

function inList(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Whether an IP address (not a name) is link-local ({@link linkLocal}). */
export const isLinkLocal = (address: string) => inList(linkLocal, address);
/** Whether an IP address (not a name) is loopback ({@link loopback}). */
export const isLoopback = (address: string) => inList(loopback, address);

/** `localhost` and its subdomains (RFC 6761), with or without the trailing dot. */
export function isLocalhostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * Whether `url`'s host is a loopback address or a `localhost` name, without resolving it.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('http://127.0.0.1:8080/health')); // true
 * ```
 */
export function isLoopbackHost(url: URL): boolean {
  const host = unbracket(url.hostname);
  return isIP(host) !== 0 ? isLoopback(host) : isLocalhostName(host);
}
