/**
 * Type-checks code as an SDK user's project would: TypeScript files in a folder, compiled with `tsc`
 * under a chosen set of compiler options, `@lumiku/sdk` resolved as a package (its `exports` and
 * built `.d.ts`). Also collects what to check: the guides' TypeScript samples, the type-level tests
 * (test/sdk/types) and the `@example` blocks of the SDK's reference comments.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, samplesOf } from '../../support/samples';

export const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** The options `tsc --init` writes (TypeScript 5.9) that change what compiles, plus a Node-only lib. */
export const TSC_INIT_OPTIONS = {
  module: 'nodenext',
  target: 'esnext',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: 'force',
} as const;

/** Node only: no DOM types anywhere, so a DOM-only name in the package's `.d.ts` fails. */
export const NODE_ONLY = { lib: ['ES2023'], types: ['node'] } as const;

export const STRICT_OPTIONS = { module: 'nodenext', target: 'ES2022', strict: true } as const;

export interface TsFile {
  name: string;
  code: string;
}

/** Runs tsc over the files with these options; resolves with its output ('' when clean). */
export async function typecheck(dir: string, files: TsFile[], compilerOptions: Record<string, unknown>): Promise<string> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.code);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { noEmit: true, ...compilerOptions }, include: ['*.mts', '*.cts', '*.ts'] }, null, 2));
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', dir], { cwd: dir, maxBuffer: 16 << 20 });
    return '';
  } catch (err) {
    const { stdout, stderr, message } = err as { stdout?: string; stderr?: string; message: string };
    return `${stdout ?? ''}${stderr ?? ''}` || message;
  }
}

const DOCS = path.join(ROOT, 'sdk-docs');

/** Every TypeScript sample of sdk-docs/guides and sdk-docs/apps, as a module file. */
export function guideSamples(): TsFile[] {
  const out: TsFile[] = [];
  for (const sub of ['guides', 'apps']) {
    for (const md of fs.readdirSync(path.join(DOCS, sub)).filter((f) => f.endsWith('.md')).sort()) {
      for (const s of samplesOf(path.join(DOCS, sub, md)).filter((x) => x.lang === 'ts')) out.push({ name: `${sub}-${md.replace(/\.md$/, '')}-line${s.line}.mts`, code: s.code });
    }
  }
  return out;
}

/** The type-level tests of test/sdk/types, importing the package instead of the source. */
export function typeTestFiles(): TsFile[] {
  const dir = path.join(ROOT, 'test/sdk/types');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.types.ts'))
    .map((f) => ({ name: f.replace(/\.ts$/, '.mts'), code: fs.readFileSync(path.join(dir, f), 'utf8').replace(/'\.\.\/\.\.\/\.\.\/sdk-js\/src\/(index|raw)\.js'/g, (_, entry: string) => (entry === 'raw' ? "'@lumiku/sdk/raw'" : "'@lumiku/sdk'")) }));
}

/** What the reference examples may use without declaring it: a client, and the objects the text names. */
const EXAMPLE_PREAMBLE = `import type * as SDK from '@lumiku/sdk';
import type * as NodeFs from 'node:fs';
declare const lumiku: SDK.Lumiku;
declare const fs: typeof NodeFs;
declare const mix: SDK.VideoMix;
declare const file: SDK.FileObject;
declare const a: SDK.FileObject, b: SDK.FileObject, other: SDK.FileObject;
declare const output: SDK.JobOutput;
declare const avatar: SDK.Avatar;
declare const body: SDK.CreateCarouselRequestBody;
declare const slides: SDK.CarouselSlide[];
declare const clips: SDK.VideoMixClip[];
declare const rawBody: string;
declare const express: { raw(options: { type: string }): unknown };
declare const app: { post(path: string, middleware: unknown, handler: (req: { body: Buffer; headers: Record<string, string | string[] | undefined> }, res: { sendStatus(status: number): void }) => unknown): void };
`;

/** Every `@example` of the SDK's source comments (src/lib, src/raw.ts), each as a module file. */
export function referenceExamples(): TsFile[] {
  const sources = [...fs.readdirSync(path.join(ROOT, 'sdk-js/src/lib')).map((f) => path.join(ROOT, 'sdk-js/src/lib', f)), path.join(ROOT, 'sdk-js/src/raw.ts')];
  const out: TsFile[] = [];
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const lines = comment[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
      const body = lines.join('\n');
      for (const m of body.matchAll(/@example\s*([\s\S]*?)(?=\n\s*@\w|$)/g)) {
        const code = m[1].trim();
        if (!code) continue;
        const line = text.slice(0, comment.index).split('\n').length;
        const imports = code.split('\n').filter((l) => /^import\s/.test(l));
        const rest = code.split('\n').filter((l) => !/^import\s/.test(l));
        out.push({ name: `example-${path.basename(file, '.ts')}-line${line}-${out.length}.mts`, code: `${imports.join('\n')}\n${EXAMPLE_PREAMBLE}\nexport async function example() {\n${rest.join('\n')}\n}\n` });
      }
    }
  }
  return out;
}
