/**
 * The `org local` flag of the doc-silent choices (choices.ts): `--choice NAME=VALUE`
 * (repeatable), and its environment variable `LOCALORG_CHOICES` (pairs separated by `;` or
 * spaces). The flags win over the variable; a bad name or value exits 2 naming the valid ones.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { CHOICE_SYNTAX, choiceSpecsFromEnv, parseChoice } from './choices.ts';
import type { ChoiceSettings } from './choices.ts';

export interface ChoiceFlags {
  choice?: string[];
}

function collectChoice(value: string, previous: string[] | undefined): string[] {
  try {
    parseChoice(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return [...(previous ?? []), value];
}

export function addChoiceOptions(command: Command): Command {
  return command.addOption(
    new Option(
      '--choice <name=value>',
      `a doc-silent behaviour other than the default (repeatable): ${CHOICE_SYNTAX}`,
    ).argParser(collectChoice),
  );
}

/** The choices to start the org with; throws (naming the variable) on bad env values. */
export function choiceOptions(
  flags: ChoiceFlags,
  env: NodeJS.ProcessEnv,
): { choices: ChoiceSettings } {
  const settings: Record<string, string> = {};
  for (const spec of choiceSpecsFromEnv(env.LOCALORG_CHOICES)) {
    try {
      const [name, value] = parseChoice(spec);
      settings[name] = value;
    } catch (error) {
      throw new Error(
        `LOCALORG_CHOICES: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  for (const spec of flags.choice ?? []) {
    const [name, value] = parseChoice(spec);
    settings[name] = value;
  }
  return { choices: settings as ChoiceSettings };
}
