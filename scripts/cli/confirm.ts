/**
 * Asking before a change: at a terminal a person says yes or no; --yes says yes ahead of time;
 * without a terminal (scripts, CI) or under --json nobody can be asked, and the command says so.
 */
import { createInterface } from 'node:readline/promises';

/** How a change came to go ahead, or not (reported as `confirmation` under --json). */
export type Confirmation = 'answeredYes' | 'answeredNo' | 'yesFlag' | 'notTerminal' | 'json';

export interface ConfirmContext {
  yes: boolean;
  json: boolean;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

/** Whether to ask, or the reason not to. */
export function confirmationMode(context: ConfirmContext): 'ask' | Confirmation {
  if (context.yes) return 'yesFlag';
  if (context.json) return 'json';
  return context.stdinIsTTY && context.stdoutIsTTY ? 'ask' : 'notTerminal';
}

/** What is said when a change goes ahead with nobody asked (a warning, also under --json). */
export function notAskedWarning(mode: Confirmation): string | null {
  if (mode === 'notTerminal')
    return 'Not a terminal: applying without confirmation (use --yes to say so explicitly).';
  if (mode === 'json')
    return '--json: applying without confirmation (use --yes to say so explicitly).';
  return null;
}

/** y or yes, in any case; everything else (an empty answer too) is no. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer);
}

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Asks a yes/no question; Ctrl-C and the end of input (Ctrl-D) are a no. */
export async function askYesNo(
  question: string,
  streams: PromptStreams = { input: process.stdin, output: process.stdout },
): Promise<boolean> {
  const prompt = createInterface({ input: streams.input, output: streams.output });
  const cancel = new AbortController();
  prompt.on('SIGINT', () => cancel.abort());
  prompt.on('close', () => cancel.abort());
  try {
    return isYes(await prompt.question(question, { signal: cancel.signal }));
  } catch (error) {
    if (!cancel.signal.aborted) throw error;
    streams.output.write('\n');
    return false;
  } finally {
    prompt.close();
  }
}
