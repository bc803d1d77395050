/**
 * Lightning web component bundles, compiled with the real `@lwc/compiler` (`transformSync`): every
 * JS module, HTML template and stylesheet, with the compiler's line and column; the
 * `.js-meta.xml`; and references the platform resolves at deploy time (Apex methods, sObject
 * schema, static resources, other `c/` components).
 */
import { basename, resolve } from 'node:path';
import { transformSync } from '@lwc/compiler';
import type { PackageComponent } from '../package/components.ts';
import { decodeText } from '../package/zip.ts';
import { booleanOf, nodes, texts } from '../xml/parse.ts';
import { blankCommentsAndStrings } from './apex.ts';
import type { DeployContext } from './context.ts';
import { checkApiVersion, checkMetadataXml } from './meta.ts';
import { part } from './types.ts';
import type { ComponentValidation, PartProblem } from './types.ts';

const SOURCE_EXTENSIONS = ['.js', '.html', '.css'];
const OTHER_EXTENSIONS = ['.svg', '.js-meta.xml'];

interface CompilerError {
  message: string;
  code?: number;
  location?: { line: number; column: number };
}

function isCompilerError(error: unknown): error is CompilerError {
  return error instanceof Error;
}

/** `[Line: 4, Col: 15] LWC1075: ...`, the form the platform reports and SDR parses. */
function located(line: number, column: number, message: string): string {
  return `[Line: ${line}, Col: ${column}] ${message}`;
}

/** The compiler's message on one line, without the absolute path Babel and PostCSS prepend. */
function cleanMessage(message: string, file: string): string {
  const first = message.split('\n')[0];
  const absolute = resolve(file);
  return first
    .replace(`${absolute}: `, '')
    .replace(new RegExp(`${absolute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `), '')
    .replace(/^(?:SyntaxError|CssSyntaxError): /, '')
    .replace(/ \(\d+:\d+\)$/, '');
}

function compile(
  source: string,
  file: string,
  bundle: string,
  apiVersion: number | undefined,
): PartProblem | null {
  try {
    transformSync(source, file, { name: bundle, namespace: 'c', apiVersion });
    return null;
  } catch (error) {
    if (!isCompilerError(error)) throw error;
    const message = cleanMessage(error.message, file);
    const loc = error.location;
    if (!loc) return { problem: message };
    // Babel counts JS columns from 0; the template and CSS compilers from 1.
    const column = file.endsWith('.js') ? loc.column + 1 : loc.column;
    return { line: loc.line, column, problem: located(loc.line, column, message) };
  }
}

function positionOf(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

/** `c-foo-bar` to `fooBar`. */
function moduleName(tag: string): string {
  return tag.replace(/^c-/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function apexMethodExists(source: string, method: string): boolean {
  const code = blankCommentsAndStrings(source);
  const escaped = method.replace(/[^\w]/g, '');
  return new RegExp(`\\b${escaped}\\s*\\(`, 'i').test(code);
}

function checkImports(
  source: string,
  file: string,
  self: string,
  bundles: Set<string>,
  ctx: DeployContext,
): PartProblem[] {
  const problems: PartProblem[] = [];
  const fileLabel = basename(file);
  const importPattern =
    /\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(importPattern)) {
    const specifier = m[1] ?? m[2];
    const at = positionOf(source, m.index + m[0].lastIndexOf(specifier));
    const fail = (problem: string) => problems.push({ ...at, problem });
    const apex = /^@salesforce\/apex(?:Continuation)?\/(?:(\w+)\.)?(\w+)\.(\w+)$/.exec(specifier);
    if (apex) {
      const className = apex[2];
      const classSource = ctx.apexClass(className);
      if (classSource === undefined) {
        fail(`Unable to find Apex action class referenced as '${className}'.`);
      } else if (!apexMethodExists(classSource, apex[3])) {
        fail(`Unable to find Apex action method referenced as '${className}.${apex[3]}'.`);
      }
      continue;
    }
    const schema = /^@salesforce\/schema\/([\w]+)(?:\.([\w.]+))?$/.exec(specifier);
    if (schema) {
      const [, objectName, path] = schema;
      if (!ctx.hasObject(objectName)) {
        fail(
          `Invalid reference ${objectName}${path ? `.${path}` : ''} of type sobjectClass in file ${fileLabel}`,
        );
      } else if (path && !path.includes('.') && !ctx.hasField(objectName, path)) {
        fail(`Invalid reference ${objectName}.${path} of type sobjectField in file ${fileLabel}`);
      }
      continue;
    }
    const resource = /^@salesforce\/resourceUrl\/(?:\w+__)?(\w+)$/.exec(specifier);
    if (resource) {
      if (!ctx.hasComponent('StaticResource', resource[1])) {
        fail(`Invalid reference ${resource[1]} of type resourceUrl in file ${fileLabel}`);
      }
      continue;
    }
    const local = /^c\/(\w+)$/.exec(specifier);
    if (local && local[1] !== self && !bundles.has(local[1].toLowerCase())) {
      if (!ctx.hasComponent('LightningComponentBundle', local[1])) {
        fail(`Invalid reference ${specifier} of type module in file ${fileLabel}`);
      }
    }
  }
  return problems;
}

function checkTemplateTags(
  source: string,
  file: string,
  self: string,
  bundles: Set<string>,
  ctx: DeployContext,
): PartProblem[] {
  const problems: PartProblem[] = [];
  for (const m of source.matchAll(/<(c-[a-z0-9-]+)/g)) {
    const name = moduleName(m[1]);
    if (name === self || bundles.has(name.toLowerCase())) continue;
    if (!ctx.hasComponent('LightningComponentBundle', name)) {
      problems.push({
        ...positionOf(source, m.index + 1),
        problem: `Invalid reference c/${name} of type module in file ${basename(file)}`,
      });
    }
  }
  return problems;
}

function checkMeta(
  component: PackageComponent,
  ctx: DeployContext,
): { problems: PartProblem[]; apiVersion: number | undefined; meta: string | null } {
  const name = component.fullName;
  const metaPath = `${component.path}/${name}.js-meta.xml`;
  const metaFileName = `${component.fileName}/${name}.js-meta.xml`;
  const content = component.files.get(metaPath);
  if (!content) {
    return {
      problems: [{ fileName: metaFileName, problem: `Missing file ${metaPath}` }],
      apiVersion: undefined,
      meta: null,
    };
  }
  const meta = decodeText(content);
  const parsed = checkMetadataXml(meta, 'LightningComponentBundle', metaFileName);
  if (!parsed.ok) return { problems: [parsed.problem], apiVersion: undefined, meta };
  const problems: PartProblem[] = [];
  const version = checkApiVersion(parsed.value, ctx.maxApiVersion, metaFileName);
  if (version) problems.push(version);
  const exposed = parsed.value.isExposed;
  if (exposed !== undefined && booleanOf(exposed, true) !== booleanOf(exposed, false)) {
    problems.push({ fileName: metaFileName, problem: 'isExposed must be true or false' });
  }
  for (const targets of nodes(parsed.value.targets)) {
    for (const target of texts(targets.target)) {
      if (!/^\w+__\w+$/.test(target.trim())) {
        problems.push({ fileName: metaFileName, problem: `Invalid target: ${target}` });
      }
    }
  }
  const apiVersion = Number.parseFloat(String(parsed.value.apiVersion ?? ''));
  return { problems, apiVersion: Number.isFinite(apiVersion) ? apiVersion : undefined, meta };
}

/** Validates one bundle; `bundles` are the lower-case names of every bundle in this deploy. */
export function validateLwcBundle(
  component: PackageComponent,
  ctx: DeployContext,
  bundles: Set<string>,
): ComponentValidation {
  const name = component.fullName;
  const problems: PartProblem[] = [];
  const sources: Record<string, string> = {};
  const fileNameOf = (path: string) => `${component.fileName}${path.slice(component.path.length)}`;

  if (!/^[a-z][A-Za-z0-9_]*$/.test(name) || name.includes('__') || name.endsWith('_')) {
    problems.push({
      problem: `Invalid bundle name ${name}: it must start with a lowercase letter and contain only letters, digits and single underscores`,
    });
  }
  const { problems: metaProblems, apiVersion, meta } = checkMeta(component, ctx);
  problems.push(...metaProblems);

  const mainPath = `${component.path}/${name}.js`;
  if (!component.files.has(mainPath)) {
    problems.push({ fileName: fileNameOf(mainPath), problem: `Missing file ${mainPath}` });
  }
  for (const [path, content] of [...component.files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!path.startsWith(`${component.path}/`)) continue;
    const relative = path.slice(component.path.length + 1);
    if (relative.startsWith('__tests__/')) continue;
    const fileName = fileNameOf(path);
    if (OTHER_EXTENSIONS.some((ext) => relative.endsWith(ext))) {
      if (relative.endsWith('.svg')) sources[relative] = decodeText(content);
      continue;
    }
    const ext = SOURCE_EXTENSIONS.find((e) => relative.endsWith(e));
    if (!ext) {
      problems.push({ fileName, problem: `Unsupported file type in an LWC bundle: ${relative}` });
      continue;
    }
    const source = decodeText(content);
    sources[relative] = source;
    const compiled = compile(source, relative, name, apiVersion);
    if (compiled) {
      problems.push({ ...compiled, fileName });
      continue;
    }
    const references =
      ext === '.js'
        ? checkImports(source, relative, name, bundles, ctx)
        : ext === '.html'
          ? checkTemplateTags(source, relative, name, bundles, ctx)
          : [];
    problems.push(...references.map((p) => ({ ...p, fileName })));
  }
  if (problems.length === 0) ctx.defineComponent('LightningComponentBundle', name);
  const main = sources[`${name}.js`] ?? null;
  return {
    parts: [
      part(
        'LightningComponentBundle',
        name,
        component.fileName,
        { body: main, meta, bundle: sources },
        problems,
      ),
    ],
  };
}
