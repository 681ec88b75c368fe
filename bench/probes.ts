// Instrumentation for the activation probe: counts every way the process could reach the network,
// and records which of the bundle's lazily initialised modules ran.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface Probes {
  /** Attempts by kind: socket connects (covers http, https, tls, fetch), DNS lookups, http(s).request/get. */
  network: Record<string, number>;
  /** Module paths of esbuild's __esm/__commonJS wrappers, in the order they were initialised. */
  modules: string[];
}

export function installProbes(): Probes {
  const probes: Probes = { network: {}, modules: [] };
  const count = (kind: string): void => {
    probes.network[kind] = (probes.network[kind] ?? 0) + 1;
  };

  // Every TCP/TLS connection (node-fetch, MSAL's own client, undici's fetch) ends in Socket#connect.
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    count('socket.connect');
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  const lookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = (...args: unknown[]) => {
    count('dns.lookup');
    return (lookup as (...a: unknown[]) => unknown)(...args);
  };
  for (const [name, mod] of [
    ['http', http],
    ['https', https],
  ] as const) {
    for (const fn of ['request', 'get'] as const) {
      const original = mod[fn] as (...a: unknown[]) => unknown;
      (mod as Record<string, unknown>)[fn] = (...args: unknown[]) => {
        count(`${name}.${fn}`);
        return original(...args);
      };
    }
  }

  // esbuild's lazy wrappers look their body up with Object.getOwnPropertyNames({ "<module path>"() {…} })
  // the first time the module is needed; the bundle captures that function when it loads, so
  // replacing it beforehand sees every lazy module as it is initialised.
  const names = Object.getOwnPropertyNames;
  Object.getOwnPropertyNames = (o: object): string[] => {
    const keys = names(o);
    const key = keys[0];
    if (
      keys.length === 1 &&
      key !== undefined &&
      /^(\.\.\/)*([\w.-]+\/)*?(node_modules|src)\//.test(key) &&
      typeof (o as Record<string, unknown>)[key] === 'function'
    ) {
      probes.modules.push(key);
    }
    return keys;
  };
  return probes;
}
