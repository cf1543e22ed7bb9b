/**
 * Runs code samples (guides and examples) against a running API: a workspace folder with the media
 * files the samples name, `@lumiku/sdk` mapped to the SDK's source, and example.com resolvable.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import dns from 'node:dns';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { makeMediaFixtures } from '../fixtures/media';

export const ROOT = path.join(__dirname, '..', '..');
export const SDK_SOURCE = path.join(ROOT, 'sdk-js/src/index.ts');
const run = promisify(execFile);

export interface Sample {
  file: string;
  line: number;
  lang: 'ts' | 'sh';
  code: string;
  /** From an `<!-- sample: … -->` comment right before the block. */
  kind: string | undefined;
}

/** The ts and sh code blocks of a Markdown file. */
export function samplesOf(file: string): Sample[] {
  const text = fs.readFileSync(file, 'utf8');
  const samples: Sample[] = [];
  const fence = /(?:<!-- sample: ([\w-]+) -->\n)?```(ts|typescript|sh|bash)\n([\s\S]*?)```/g;
  for (let m; (m = fence.exec(text)); ) {
    samples.push({ file, line: text.slice(0, m.index).split('\n').length, lang: m[2].startsWith('t') ? 'ts' : 'sh', code: m[3], kind: m[1] });
  }
  return samples;
}

/**
 * The guides and examples register webhook endpoints at `https://example.com/…` and
 * `https://hooks.example.com/…` (RFC 2606 names, never a real customer). The API resolves a webhook
 * URL's host when it is saved (SSRF checks), and the test machines may have no DNS: while a test
 * runs, these names resolve to example.com's public address, as they do on the internet. Nothing is
 * delivered to them (the test app runs no webhooks pool). Returns the function that undoes it.
 */
export function resolveExampleDomains(): () => void {
  const promises = dns.promises as { lookup: (...args: any[]) => Promise<unknown> };
  const original = promises.lookup;
  promises.lookup = async (host: string, options?: { all?: boolean }) => {
    if (!/(^|\.)example\.com$/i.test(host)) return original.call(dns.promises, host, options);
    const address = { address: EXAMPLE_COM_ADDRESS, family: 4 };
    return options?.all ? [address] : address;
  };
  return () => {
    promises.lookup = original;
  };
}
const EXAMPLE_COM_ADDRESS = '93.184.215.14';

/** A folder inside the repository (so `express` and friends resolve) holding the files samples name. */
export async function makeWorkspace(): Promise<{ dir: string; cleanup(): void }> {
  const dir = path.join(ROOT, '.lumiku', `samples-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(path.join(dir, 'clips'), { recursive: true });
  const media = await makeMediaFixtures();
  try {
    for (const i of [1, 2, 3]) {
      fs.copyFileSync(media.mp4, path.join(dir, `clip-${i}.mp4`));
      fs.copyFileSync(media.mp4, path.join(dir, 'clips', `clip-${i}.mp4`));
      await sharp({ create: { width: 400, height: 300, channels: 3, background: ['#e11d48', '#2563eb', '#16a34a'][i - 1] } }).jpeg().toFile(path.join(dir, `photo-${i}.jpg`));
    }
    fs.copyFileSync(media.mp3, path.join(dir, 'music.mp3'));
  } finally {
    media.cleanup();
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The sample as a runnable file: `@lumiku/sdk` imports point at the SDK's source. */
export function writeSample(dir: string, sample: Sample, name: string): string {
  const file = path.join(dir, `${name}.${sample.lang === 'ts' ? 'mts' : 'sh'}`);
  const code = sample.lang === 'ts' ? sample.code.replace(/from '@lumiku\/sdk'/g, `from ${JSON.stringify(SDK_SOURCE)}`) : sample.code;
  fs.writeFileSync(file, code);
  return file;
}

export async function runSample(file: string, cwd: string, env: Record<string, string>, timeout = 90_000) {
  const [cmd, args] = file.endsWith('.sh') ? ['bash', ['-euo', 'pipefail', file]] : [process.execPath, ['--import', 'tsx', file]];
  return run(cmd, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 16 * 1024 * 1024 });
}
