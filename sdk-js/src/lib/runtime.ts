/** Which JavaScript runtime the SDK runs in, for the `User-Agent` it sends. */
import { VERSION } from '../version.js';

interface RuntimeGlobals {
  process?: { versions?: { node?: string; bun?: string }; version?: string; platform?: string; arch?: string; env?: Record<string, string | undefined> };
  Deno?: { version?: { deno?: string }; build?: { os?: string; arch?: string } };
  Bun?: { version?: string };
  EdgeRuntime?: string;
  navigator?: { userAgent?: string };
  window?: unknown;
  document?: unknown;
}

const g = globalThis as unknown as RuntimeGlobals;

/** The runtime's name and version, e.g. `node/v20.19.0 (linux; x64)`, `deno/2.1.0 (linux; x86_64)`, `browser`. */
export function runtimeDescription(): string {
  if (g.Deno?.version?.deno) return `deno/${g.Deno.version.deno} (${g.Deno.build?.os ?? 'unknown'}; ${g.Deno.build?.arch ?? 'unknown'})`;
  if (g.Bun?.version) return `bun/${g.Bun.version} (${g.process?.platform ?? 'unknown'}; ${g.process?.arch ?? 'unknown'})`;
  if (typeof g.EdgeRuntime === 'string') return 'edge';
  if (g.process?.versions?.node) return `node/${g.process.version ?? `v${g.process.versions.node}`} (${g.process.platform ?? 'unknown'}; ${g.process.arch ?? 'unknown'})`;
  if (typeof g.window !== 'undefined' && typeof g.document !== 'undefined') return 'browser';
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'cloudflare-workers';
  return 'unknown';
}

/** `lumiku-sdk-js/<version> <runtime>`: sent as `User-Agent` with every request. */
export function userAgent(): string {
  return `lumiku-sdk-js/${VERSION} ${runtimeDescription()}`;
}

/** An environment variable where there is an environment (Node, Bun; Deno with --allow-env). */
export function env(name: string): string | undefined {
  try {
    return g.process?.env?.[name] || undefined;
  } catch {
    return undefined;
  }
}
