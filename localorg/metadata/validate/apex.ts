/**
 * Apex classes and triggers: the project's own syntax check (the real apex-parser with lexer and
 * parser listeners, scripts/apex-gate/syntax.ts) with file, line and column; the `-meta.xml`; the
 * declared name against the file name; a trigger's object against the org and the deploy.
 * Apex is parsed, never compiled or run: type errors and tests are out of reach here.
 */
import { checkMetaXml, parseApex } from '../../../scripts/apex-gate/syntax.ts';
import type { PackageComponent } from '../package/components.ts';
import { decodeText } from '../package/zip.ts';
import type { DeployContext } from './context.ts';
import { checkApiVersion, checkMetadataXml } from './meta.ts';
import { part } from './types.ts';
import type { ComponentValidation, PartProblem } from './types.ts';

/** The source with comments and string literals blanked, keeping offsets (and so lines). */
export function blankCommentsAndStrings(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

/**
 * ANTLR's wording made closer to the Apex compiler's (`Unexpected token ';'.`); its "expecting
 * {...}" lists name every keyword of the grammar and help nobody.
 */
export function apexMessage(message: string): string {
  const unexpected = /^(?:mismatched|extraneous) input '([\s\S]*?)' expecting/.exec(message);
  if (unexpected) return `Unexpected token '${unexpected[1]}'.`;
  const noViable = /^no viable alternative at input '([\s\S]*)'$/.exec(message);
  if (noViable) {
    const tokens = noViable[1].trim().split(/\s+/);
    return `Unexpected token '${tokens[tokens.length - 1]}'.`;
  }
  const missing = /^missing (.+?) at '([\s\S]*)'$/.exec(message);
  if (missing) return `Missing ${missing[1]} at '${missing[2]}'.`;
  return message.replace(/ expecting \{[^}]*\}/, '');
}

function position(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function checkMeta(
  component: PackageComponent,
  kind: 'class' | 'trigger',
  ctx: DeployContext,
): { problems: PartProblem[]; meta: string | null } {
  const metaPath = `${component.path}-meta.xml`;
  const metaFileName = `${component.fileName}-meta.xml`;
  const content = component.files.get(metaPath);
  if (!content) {
    return {
      problems: [{ fileName: metaFileName, problem: `Missing file ${metaPath}` }],
      meta: null,
    };
  }
  const meta = decodeText(content);
  const syntax = checkMetaXml(meta, kind);
  if (syntax.length) {
    const [first] = syntax;
    return {
      problems: [
        { fileName: metaFileName, line: first.line, column: first.column, problem: first.message },
      ],
      meta,
    };
  }
  const root = kind === 'class' ? 'ApexClass' : 'ApexTrigger';
  const parsed = checkMetadataXml(meta, root, metaFileName);
  if (!parsed.ok) return { problems: [parsed.problem], meta };
  const version = checkApiVersion(parsed.value, ctx.maxApiVersion, metaFileName);
  return { problems: version ? [version] : [], meta };
}

function validateApex(
  component: PackageComponent,
  kind: 'class' | 'trigger',
  ctx: DeployContext,
): ComponentValidation {
  const content = component.files.get(component.path);
  const source = content ? decodeText(content) : '';
  const { problems, meta } = checkMeta(component, kind, ctx);
  if (!content) {
    problems.unshift({ problem: `Missing file ${component.path}` });
  } else {
    const [syntax] = parseApex(source, kind);
    if (syntax) {
      problems.unshift({
        line: syntax.line,
        column: syntax.column,
        problem: apexMessage(syntax.message),
      });
    } else {
      problems.unshift(...checkDeclaration(source, component.fullName, kind, ctx));
    }
  }
  const type = kind === 'class' ? 'ApexClass' : 'ApexTrigger';
  const apexPart = part(
    type,
    component.fullName,
    component.fileName,
    { body: source, meta },
    problems,
  );
  if (kind === 'class' && problems.length === 0) ctx.defineApexClass(component.fullName, source);
  return { parts: [apexPart] };
}

function checkDeclaration(
  source: string,
  fileName: string,
  kind: 'class' | 'trigger',
  ctx: DeployContext,
): PartProblem[] {
  const code = blankCommentsAndStrings(source);
  if (kind === 'class') {
    const m = /\b(class|interface|enum)\s+([A-Za-z_]\w*)/i.exec(code);
    if (m && m[2].toLowerCase() !== fileName.toLowerCase()) {
      const at = position(source, m.index + m[0].length - m[2].length);
      return [
        {
          ...at,
          problem: `The ${m[1].toLowerCase()} name ${m[2]} does not match the file name ${fileName}`,
        },
      ];
    }
    return [];
  }
  const m = /\btrigger\s+([A-Za-z_]\w*)\s+on\s+([A-Za-z_]\w*)/i.exec(code);
  if (!m) return [];
  const problems: PartProblem[] = [];
  if (m[1].toLowerCase() !== fileName.toLowerCase()) {
    const at = position(source, m.index + m[0].indexOf(m[1], 'trigger'.length));
    problems.push({
      ...at,
      problem: `The trigger name ${m[1]} does not match the file name ${fileName}`,
    });
  }
  if (!ctx.hasObject(m[2])) {
    const at = position(source, m.index + m[0].length - m[2].length);
    problems.push({ ...at, problem: `Invalid SObject type name: ${m[2]}` });
  }
  return problems;
}

export const validateApexClass = (c: PackageComponent, ctx: DeployContext): ComponentValidation =>
  validateApex(c, 'class', ctx);

export const validateApexTrigger = (c: PackageComponent, ctx: DeployContext): ComponentValidation =>
  validateApex(c, 'trigger', ctx);
