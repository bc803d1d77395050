/**
 * The `org local` fault flags: `--fault SPEC` (repeatable) and `--fault-seed N`, plus their
 * environment variables `LOCALORG_FAULTS` (specs separated by `;` or spaces) and
 * `LOCALORG_FAULT_SEED`. Specs from the environment come first, then the flags'.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { FAULT_SYNTAX, faultSpecsFromEnv, parseFaultSeed, parseFaultSpec } from './spec.ts';

export interface FaultFlags {
  fault?: string[];
  faultSeed?: number;
}

function collectFault(value: string, previous: string[] | undefined): string[] {
  try {
    parseFaultSpec(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return [...(previous ?? []), value];
}

function seedArgument(value: string): number {
  try {
    return parseFaultSeed(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function addFaultOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--fault <spec>', `inject a fault (repeatable): ${FAULT_SYNTAX}`).argParser(
        collectFault,
      ),
    )
    .addOption(
      new Option('--fault-seed <n>', 'seed of the fault generators (default 1)').argParser(
        seedArgument,
      ),
    );
}

/** The faults and seed to start the org with; throws (naming the variable) on bad env values. */
export function faultOptions(
  flags: FaultFlags,
  env: NodeJS.ProcessEnv,
): { faults: string[]; faultSeed?: number } {
  const fromEnv = faultSpecsFromEnv(env.LOCALORG_FAULTS);
  for (const spec of fromEnv) {
    try {
      parseFaultSpec(spec);
    } catch (error) {
      throw new Error(`LOCALORG_FAULTS: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let faultSeed = flags.faultSeed;
  if (faultSeed === undefined && env.LOCALORG_FAULT_SEED) {
    try {
      faultSeed = parseFaultSeed(env.LOCALORG_FAULT_SEED);
    } catch (error) {
      throw new Error(
        `LOCALORG_FAULT_SEED: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { faults: [...fromEnv, ...(flags.fault ?? [])], faultSeed };
}
