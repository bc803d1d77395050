/**
 * Build check: converts the package directories with source-deploy-retrieve, as a deploy would,
 * and fails if the deploy set holds TypeScript, type declarations, tsconfigs or tests, if a
 * component's compiled .js is missing or older than its .ts, or if a class lost its -meta.xml
 * (SDR drops such a class silently). Usage: node scripts/check-build.ts [--root DIR]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';

const { values } = parseArgs({ options: { root: { type: 'string', default: process.cwd() } } });
const root = values.root;
const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8')) as {
  packageDirectories: { path: string }[];
  sourceApiVersion: string;
};
const problems: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// The first match names the file, so the more specific patterns come first.
const FORBIDDEN = [
  { pattern: /(^|\/)__tests__\//, what: 'a test' },
  { pattern: /\.(test|spec)\.[jt]s$/, what: 'a test' },
  { pattern: /(^|\/)tsconfig[^/]*\.json$/, what: 'a tsconfig' },
  { pattern: /\.d\.ts$/, what: 'a type declaration' },
  { pattern: /\.ts$/, what: 'TypeScript source' },
];

const sourceFiles = project.packageDirectories.flatMap((dir) => walk(join(root, dir.path)));

// Every component .ts needs its compiled .js, at least as new as the source.
for (const file of sourceFiles) {
  if (!/\/lwc\/[^/]+\/[^/]+\.ts$/.test(file) || file.endsWith('.d.ts')) continue;
  if (file.includes('/__tests__/')) continue;
  const compiled = file.replace(/\.ts$/, '.js');
  let compiledTime: number;
  try {
    compiledTime = statSync(compiled).mtimeMs;
  } catch {
    problems.push(`${relative(root, compiled)}: missing; run \`npm run build\`.`);
    continue;
  }
  if (compiledTime < statSync(file).mtimeMs) {
    problems.push(`${relative(root, compiled)}: older than its .ts; run \`npm run build\`.`);
  }
}
// Every Apex class and trigger needs its -meta.xml, or SDR leaves it out without a word.
for (const file of sourceFiles) {
  if (!/\.(cls|trigger)$/.test(file)) continue;
  try {
    statSync(`${file}-meta.xml`);
  } catch {
    problems.push(`${relative(root, file)}: no ${relative(root, file)}-meta.xml beside it.`);
  }
}

const components = ComponentSet.fromSource(
  project.packageDirectories.map((dir) => join(root, dir.path)),
);
components.sourceApiVersion = project.sourceApiVersion;
const output = mkdtempSync(join(tmpdir(), 'channelkit-build-check-'));
try {
  await new MetadataConverter().convert(components, 'metadata', {
    type: 'directory',
    outputDirectory: output,
    packageName: 'deploy',
  });
  const deployed = walk(join(output, 'deploy')).map((file) =>
    relative(join(output, 'deploy'), file),
  );
  for (const file of deployed) {
    const rule = FORBIDDEN.find(({ pattern }) => pattern.test(file));
    if (rule) problems.push(`deploy set holds ${rule.what}: ${file}; add it to .forceignore.`);
  }
  const manifest = readFileSync(join(output, 'deploy', 'package.xml'), 'utf8');
  const version = /<version>([^<]+)<\/version>/.exec(manifest)?.[1];
  if (version !== project.sourceApiVersion) {
    problems.push(`package.xml has API version ${version}; expected ${project.sourceApiVersion}.`);
  }
  const summary = new Map<string, number>();
  for (const component of components.getSourceComponents()) {
    summary.set(component.type.name, (summary.get(component.type.name) ?? 0) + 1);
  }
  console.log(
    `Deploy set (API ${version}): ${[...summary].map(([type, n]) => `${n} ${type}`).join(', ')}; ${deployed.length} files.`,
  );
} finally {
  rmSync(output, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`build check: ${problem}`);
  process.exit(1);
}
console.log('Build check passed: no TypeScript, tsconfig or test file in the deploy set.');
