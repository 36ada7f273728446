// --listen ADDRESS:PORT: where keyrack-cp serve listens, whether that is loopback, and the URL clients use. Pure.

import { isIP } from 'node:net';
import { configError } from '../errors.ts';
import { printable } from '../text/printable.ts';

export interface ListenAddress {
  readonly host: string;
  /** 0: an ephemeral port, chosen when listening. */
  readonly port: number;
  readonly loopback: boolean;
}

/** Only this machine's own processes (and containers run with --network host) can reach it. */
export const DEFAULT_LISTEN: ListenAddress = { host: '127.0.0.1', port: 0, loopback: true };

/** `127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:8080`: an IP literal (a name would need a lookup, and could change). */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || isIP(host) !== (match?.[1] ? 6 : 4) || port > 65535) {
    throw configError(
      `--listen '${printable(text, { newlines: false })}'`,
      'is not an IP address and port',
      'Give it as ADDRESS:PORT, e.g. --listen 127.0.0.1:9911 (or [::1]:9911; port 0 picks a free one).',
    );
  }
  const canonical = match?.[1] ? canonicalIpv6(host) : host;
  return { host: canonical, port, loopback: canonical === '::1' || (isIP(canonical) === 4 && canonical.split('.')[0] === '127') };
}

/** The WHATWG URL parser's compressed form: `0:0:0:0:0:0:0:1` is `::1`, `0::0` is `::`. */
function canonicalIpv6(host: string): string {
  return new URL(`http://[${host}]/`).hostname.slice(1, -1);
}

/**
 * The URL for the printed AWS_CONTAINER_CREDENTIALS_FULL_URI. A wildcard address is not one a client can connect
 * to: the loopback address of its family is, on this machine.
 */
export function endpointUrl(host: string, port: number, path: string): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${isIP(reachable) === 6 ? `[${reachable}]` : reachable}:${port}${path}`;
}

/** The warning for an address that is not loopback: who can reach the endpoint, and what travels in clear. */
export function exposureWarning(address: ListenAddress, profileSubject: string): string {
  const where = isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
  return (
    `listening on ${where}, which is not a loopback address: any host or container that can reach it there and has the ` +
    `token gets the role credentials of ${profileSubject}, and the token and the credentials cross the network in clear ` +
    '(plain http). The SDKs accept plain http only to loopback and the ECS/EKS link-local addresses; prefer the default ' +
    '127.0.0.1 with docker run --network host, or a container sharing the network of one that runs keyrack-cp serve.'
  );
}
