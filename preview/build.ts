/**
 * Builds the browser preview into `preview/dist`: the app shell (`preview/src`) and the product's
 * real components (`force-app/main/default/lwc`, from their TypeScript), bundled by Rollup with the
 * LWC compiler, `lightning-base-components` and SLDS. Platform modules a browser lacks resolve to
 * small stubs (`preview/src/stubs`), and every `@salesforce/apex/Class.method` import to a bridge
 * that POSTs to the local org's twin of that method. `node preview/build.ts [--dev]`.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { babel } from '@rollup/plugin-babel';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replacePlugin from '@rollup/plugin-replace';
import lwcPlugin from '@lwc/rollup-plugin';
import { rollup } from 'rollup';
import type { ModuleRecord } from '@lwc/module-resolver';
import type { Plugin, RollupLog } from 'rollup';
import { LOCAL_CLIENT_ID, LOCAL_CLIENT_SECRET, DEFAULT_PASSWORD } from '../localorg/seed/base.ts';
import { PREVIEW_DIST, PROJECT_ROOT } from './freshness.ts';

// Both packages' type declarations read as CommonJS under nodenext; at run time Node loads their
// ES builds, whose default export is the plugin itself.
const replace = replacePlugin as unknown as typeof replacePlugin.default;
const lwc = lwcPlugin as unknown as typeof lwcPlugin.default;

const SRC = join(PROJECT_ROOT, 'preview', 'src');
const SLDS_ASSETS = join(PROJECT_ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
export const COMPONENTS_DIR = join(PROJECT_ROOT, 'force-app', 'main', 'default', 'lwc');

/**
 * The product's pages, in navigation order; a page is shown once its component exists. `app`
 * pages are tabs of the Lightning app Channel Kit; `site` pages are pages of the partner site.
 */
export const PRODUCT_PAGES: {
  id: string;
  label: string;
  component: string;
  surface: 'app' | 'site';
}[] = [
  {
    id: 'lead-assignment',
    label: 'Lead Assignment',
    component: 'leadAssignmentConsole',
    surface: 'app',
  },
  {
    id: 'partner-onboarding',
    label: 'Partner Onboarding',
    component: 'partnerOnboardingWizard',
    surface: 'app',
  },
  { id: 'lead-inbox', label: 'Lead Inbox', component: 'partnerLeadInbox', surface: 'site' },
];

/** Platform modules answered by our stubs (sfdx-lwc-jest's are jest-only). */
const STUBS: Record<string, string> = {
  'lightning/platformShowToastEvent': 'stubs/platformShowToastEvent.ts',
  'lightning/navigation': 'stubs/navigation.ts',
  'lightning/uiRecordApi': 'stubs/uiRecordApi.ts',
  '@salesforce/user/Id': 'stubs/userId.ts',
  '@salesforce/apex': 'apex.ts',
};

export interface BuildOptions {
  /** Where component folders are (default force-app/main/default/lwc). */
  componentsDir?: string;
  outDir?: string;
  /** LWC's development mode: slower, with the engine's warnings in the console. */
  dev?: boolean;
  log?: (line: string) => void;
}

export interface BuildResult {
  ms: number;
  /** Ids of the pages built in. */
  pages: string[];
  bundleBytes: number;
}

/** `c/<name>` for every component folder with a TypeScript (or JavaScript) entry. */
function componentRecords(componentsDir: string): ModuleRecord[] {
  if (!existsSync(componentsDir)) return [];
  const records: ModuleRecord[] = [];
  for (const entry of readdirSync(componentsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const base = join(componentsDir, entry.name, entry.name);
    const path = [`${base}.ts`, `${base}.js`].find((p) => existsSync(p));
    if (path) records.push({ name: `c/${entry.name}`, path });
  }
  return records;
}

const js = (value: unknown): string => JSON.stringify(value);

/** Stubs, the Apex bridge, and the generated modules (pages, login settings) as virtual modules. */
function platformModules(pages: typeof PRODUCT_PAGES): Plugin {
  const PAGES = '\0preview-pages';
  const LOGIN = '\0localorg-login';
  return {
    name: 'channelkit-preview-platform',
    resolveId(source) {
      if (source in STUBS) return join(SRC, STUBS[source]);
      if (source === '@preview/pages') return PAGES;
      if (source === '@localorg/login') return LOGIN;
      if (/^@salesforce\/apex\/[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(source)) return `\0${source}`;
      if (/^@salesforce\/schema\/\w+(\.\w+)?$/.test(source)) return `\0${source}`;
      if (/^@salesforce\/label\/c\.\w+$/.test(source)) return `\0${source}`;
      return null;
    },
    load(id) {
      if (id === PAGES) {
        const imports = pages.map((p, i) => `import page${i} from ${js(`c/${p.component}`)};`);
        const list = pages.map(
          (p, i) =>
            `{ id: ${js(p.id)}, label: ${js(p.label)}, surface: ${js(p.surface)}, component: page${i} }`,
        );
        return `${imports.join('\n')}\nexport default [${list.join(', ')}];\n`;
      }
      if (id === LOGIN) {
        return [
          `export const clientId = ${js(LOCAL_CLIENT_ID)};`,
          `export const clientSecret = ${js(LOCAL_CLIENT_SECRET)};`,
          `export const password = ${js(DEFAULT_PASSWORD)};`,
        ].join('\n');
      }
      const apex = /^\0@salesforce\/apex\/(\w+)\.(\w+)$/.exec(id);
      if (apex) {
        return `import { apexMethod } from ${js(join(SRC, 'apex.ts'))};\nexport default apexMethod(${js(apex[1])}, ${js(apex[2])});\n`;
      }
      const schema = /^\0@salesforce\/schema\/(\w+)(?:\.(\w+))?$/.exec(id);
      if (schema) {
        const ref = schema[2]
          ? { objectApiName: schema[1], fieldApiName: schema[2] }
          : { objectApiName: schema[1] };
        return `export default ${js(ref)};\n`;
      }
      const label = /^\0@salesforce\/label\/c\.(\w+)$/.exec(id);
      // Custom labels live in the org; the preview shows their names.
      if (label) return `export default ${js(label[1])};\n`;
      return null;
    },
  };
}

function copyAssets(outDir: string): void {
  cpSync(join(SRC, 'index.html'), join(outDir, 'index.html'));
  const assets = join(outDir, 'assets');
  cpSync(
    join(SLDS_ASSETS, 'styles', 'salesforce-lightning-design-system.min.css'),
    join(assets, 'styles', 'salesforce-lightning-design-system.min.css'),
  );
  cpSync(join(SLDS_ASSETS, 'images'), join(assets, 'images'), { recursive: true });
  for (const sprite of ['utility', 'standard', 'action', 'doctype', 'custom']) {
    const from = join(SLDS_ASSETS, 'icons', `${sprite}-sprite`);
    cpSync(from, join(assets, 'icons', `${sprite}-sprite`), { recursive: true });
  }
}

export async function buildPreview(options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const componentsDir = options.componentsDir ?? COMPONENTS_DIR;
  const outDir = options.outDir ?? PREVIEW_DIST;
  const components = componentRecords(componentsDir);
  const names = new Set(components.map((c) => ('name' in c ? c.name : '')));
  const pages = PRODUCT_PAGES.filter((p) => names.has(`c/${p.component}`));

  // A failed build leaves no stamp behind, so the next start builds again.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const problems: string[] = [];
  const onLog = (level: string, entry: RollupLog): void => {
    const where = entry.loc ? ` (${entry.loc.file ?? entry.id ?? ''}:${entry.loc.line})` : '';
    // An import nothing resolves would only fail in the browser: fail the build instead.
    if (entry.code === 'UNRESOLVED_IMPORT' || entry.code === 'MISSING_EXPORT') {
      problems.push(`${entry.message}${where}`);
    } else if (level === 'warn' && entry.code !== 'CIRCULAR_DEPENDENCY') {
      // The base components' own template warnings are not ours to fix.
      if (`${entry.id ?? ''} ${entry.loc?.file ?? ''}`.includes('/node_modules/')) return;
      log(`warning: ${entry.message}${where}`);
    }
  };

  const bundle = await rollup({
    input: join(SRC, 'main.ts'),
    onLog,
    plugins: [
      platformModules(pages),
      // The LWC rollup plugin compiles JavaScript: strip the TypeScript first.
      babel({
        babelHelpers: 'bundled',
        babelrc: false,
        configFile: false,
        extensions: ['.ts'],
        include: [`${SRC}/**`, `${componentsDir}/**`],
        presets: [
          // allExtensions: ids of aliased components end in `?specifier=c/x`, not `.ts`.
          [
            '@babel/preset-typescript',
            { allowDeclareFields: true, onlyRemoveTypeImports: true, allExtensions: true },
          ],
        ],
        plugins: [['@babel/plugin-syntax-decorators', { version: 'legacy' }]],
      }),
      replace({
        preventAssignment: true,
        values: {
          'import.meta.env.SSR': 'false',
          'process.env.NODE_ENV': js(options.dev ? 'development' : 'production'),
        },
      }),
      lwc({
        rootDir: join(SRC, 'modules'),
        modules: [...components, { npm: 'lightning-base-components' }],
        enableDynamicComponents: true,
        enableSyntheticElementInternals: true,
      }),
      nodeResolve(),
    ],
  });
  try {
    if (problems.length) throw new Error(problems.join('\n'));
    await bundle.write({
      file: join(outDir, 'app.js'),
      format: 'es',
      inlineDynamicImports: true,
      sourcemap: options.dev ?? false,
    });
  } finally {
    await bundle.close();
  }
  copyAssets(outDir);
  const bundleBytes = statSync(join(outDir, 'app.js')).size;
  const result: BuildResult = {
    ms: Date.now() - started,
    pages: pages.map((p) => p.id),
    bundleBytes,
  };
  writeFileSync(
    join(outDir, 'build.json'),
    `${JSON.stringify({ ...result, builtAt: new Date().toISOString() })}\n`,
  );
  return result;
}

/** A build error with the file (and line) it is about: Rollup keeps them beside the message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { id, loc } = error as Error & { id?: string; loc?: { file?: string; line?: number } };
  const file = loc?.file ?? id;
  if (!file) return error.message;
  const where = relative(PROJECT_ROOT, file.split('?')[0]) + (loc?.line ? `:${loc.line}` : '');
  return error.message.includes(where) ? error.message : `${where}: ${error.message}`;
}

if (import.meta.main) {
  const dev = process.argv.includes('--dev');
  try {
    const result = await buildPreview({ dev, log: (line) => process.stderr.write(`${line}\n`) });
    const mb = (result.bundleBytes / 1e6).toFixed(1);
    const memory = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(
      `Built the preview in ${(result.ms / 1000).toFixed(1)} s (${mb} MB bundle, peak memory ${memory} MB; ` +
        `pages: ${result.pages.join(', ') || 'none yet'}) into ${relative(process.cwd(), PREVIEW_DIST)}/\n`,
    );
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  }
}
