import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineLogEvent } from '@salesforce/code-analyzer-core';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel,
  SeverityLevel,
} from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import type { JavaLookup } from './java.ts';
import type { ApexProject } from './project.ts';
import { relativePath } from './project.ts';
import type { Problem, StageOutcome } from './report.ts';
import { count } from './report.ts';

/** PMD 7 Apex rules this gate runs. Names are checked against what the engine loaded. */
export const PMD_RULES = [
  // Security
  'ApexBadCrypto',
  'ApexCRUDViolation',
  'ApexCSRF',
  'ApexDangerousMethods',
  'ApexInsecureEndpoint',
  'ApexOpenRedirect',
  'ApexSharingViolations',
  'ApexSOQLInjection',
  'ApexSuggestUsingNamedCred',
  'ApexXSSFromEscapeFalse',
  'ApexXSSFromURLParam',
  // Tests
  'ApexAssertionsShouldIncludeMessage',
  'ApexUnitTestClassShouldHaveAsserts',
  'ApexUnitTestMethodShouldHaveIsTestAnnotation',
  'ApexUnitTestShouldNotUseSeeAllDataTrue',
  'TestMethodsMustBeInTestClasses',
  // Error-prone, performance and best practice
  'AvoidDirectAccessTriggerMap',
  'AvoidGlobalModifier',
  'AvoidHardcodingId',
  'AvoidNonExistentAnnotations',
  'AvoidStatefulDatabaseResult',
  'EagerlyLoadedDescribeSObjectResult',
  'EmptyCatchBlock',
  'EmptyIfStmt',
  'EmptyTryOrFinallyBlock',
  'EmptyWhileStmt',
  'InaccessibleAuraEnabledGetter',
  'OperationWithLimitsInLoop',
  'OverrideBothEqualsAndHashcode',
  'TypeShadowsBuiltInNamespace',
  'UnusedLocalVariable',
];

/**
 * Rules whose default severity is Moderate but which break this project's principles (controllers
 * `with sharing`, bulk-safe code, tests that assert, nothing org-specific) or fail at deploy or run
 * time, so they are raised to High and fail the gate.
 */
const RAISED_TO_HIGH = [
  'ApexSharingViolations',
  'ApexUnitTestClassShouldHaveAsserts',
  'AvoidDirectAccessTriggerMap',
  'AvoidHardcodingId',
  'AvoidNonExistentAnnotations',
  'InaccessibleAuraEnabledGetter',
  'OperationWithLimitsInLoop',
  'TestMethodsMustBeInTestClasses',
];

/** Severity 1 (Critical) and 2 (High) fail the gate; 3 to 5 are printed as warnings. */
const FAILING_SEVERITY = SeverityLevel.High;

const SEVERITY_NAMES: Record<number, string> = {
  1: 'Critical',
  2: 'High',
  3: 'Moderate',
  4: 'Low',
  5: 'Info',
};

export async function checkPmd(
  project: ApexProject,
  java: Promise<JavaLookup>,
  rules: readonly string[] = PMD_RULES,
): Promise<StageOutcome> {
  const checked = `${rules.length} rules on ${count(project.sources.length, 'source')}`;
  const problems: Problem[] = [];
  const toolProblem = (message: string): Problem => ({
    file: '',
    line: 0,
    column: 0,
    message,
    stage: 'pmd',
    severity: 'error',
  });
  if (project.sources.length === 0) return { checked: 'no Apex sources, skipped', problems };
  const javaLookup = await java;
  if (!javaLookup.ok) return { checked, problems: [toolProblem(javaLookup.error)] };

  // Code Analyzer keeps the working folder of a run whose engine reported an error; keep it ours.
  const workFolder = await mkdtemp(path.join(os.tmpdir(), 'check-apex-pmd-'));
  try {
    const config = CodeAnalyzerConfig.fromObject(
      {
        log_folder: workFolder,
        log_level: LogLevel.Error,
        root_working_folder: workFolder,
        engines: {
          pmd: { java_command: javaLookup.command, rule_languages: ['apex'] },
          cpd: { disable_engine: true },
        },
        rules: {
          pmd: Object.fromEntries(
            RAISED_TO_HIGH.map((rule) => [rule, { severity: SeverityLevel.High }]),
          ),
        },
      },
      project.root,
    );
    const analyzer = new CodeAnalyzer(config);
    analyzer.onEvent<EngineLogEvent>(EventType.EngineLogEvent, (event) => {
      // PMD reports files it could not process (e.g. parse errors) only as error log events.
      if (event.logLevel === LogLevel.Error) {
        problems.push(processingProblem(project, event.message));
      }
    });
    await analyzer.addEnginePlugin(createEnginePlugin());
    const workspace = await analyzer.createWorkspace(project.sources);
    const selection = await analyzer.selectRules(
      rules.map((rule) => `pmd:${rule}`),
      { workspace },
    );
    // An unknown name selects nothing, silently: insist on every rule.
    const loaded = new Set(selection.getRulesFor('pmd').map((rule) => rule.getName()));
    const missing = rules.filter((rule) => !loaded.has(rule));
    if (missing.length > 0) {
      problems.push(
        toolProblem(
          `PMD loaded ${loaded.size} of ${rules.length} rules; missing: ${missing.join(', ')} ` +
            '(renamed or removed in this PMD version?)',
        ),
      );
    }
    const results = await analyzer.run(selection, { workspace });
    for (const violation of results.getViolations()) {
      const rule = violation.getRule();
      const location = violation.getPrimaryLocation();
      const file = location.getFile();
      const severity = rule.getSeverityLevel();
      problems.push({
        file: file ? relativePath(project.root, file) : '',
        line: location.getStartLine() ?? 0,
        column: location.getStartColumn() ?? 0,
        message: `${violation.getMessage().trim()} (${SEVERITY_NAMES[severity] ?? severity})`,
        stage: 'pmd',
        rule: rule.getName(),
        severity: severity <= FAILING_SEVERITY ? 'error' : 'warning',
      });
    }
    return {
      checked: `${loaded.size} rules on ${count(project.sources.length, 'source')}`,
      problems,
    };
  } finally {
    await rm(workFolder, { recursive: true, force: true });
  }
}

function processingProblem(project: ApexProject, message: string): Problem {
  const file = /for file '([^']+)'/.exec(message)?.[1];
  // PMD's parser reports "Syntax error at LINE:COLUMN: ..." with 0-based columns.
  const syntax = /Syntax error at (\d+):(\d+): ([^\n]*)/.exec(message);
  const detail = message.split('\n').slice(1).join(' ').trim() || message;
  return {
    file: file ? relativePath(project.root, file) : '',
    line: syntax ? Number(syntax[1]) : 1,
    column: syntax ? Number(syntax[2]) + 1 : 1,
    message: `PMD could not analyse this file: ${syntax ? syntax[3] : detail}`,
    stage: 'pmd',
    rule: 'processing-error',
    severity: 'error',
  };
}
