/**
 * Progress bars (known totals: rows read, rows applied, components deployed) and spinners
 * (unknown-length waits: a Bulk query, a job or a deploy in the org's queue) on stderr, drawn with
 * cli-progress. Only for people at a terminal: under --json, or when stderr is not a TTY (CI, a
 * pipe, the tests), every bar and spinner is inert and writes nothing, and `active` is false so
 * callers can print their plain progress lines instead.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressTarget {
  /** --json: stdout carries one JSON document and stderr stays quiet. */
  json: boolean;
  /** Where bars go (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface ProgressBar {
  /** False when silent: the caller reports progress some other way (or not at all). */
  readonly active: boolean;
  /** Sets the count done (and the total, once known) and the status text after the bar. */
  update(value: number, options?: { total?: number; status?: string }): void;
  stop(): void;
}

export interface Spinner {
  readonly active: boolean;
  /** Text after the label, e.g. "12,000 rows read". */
  update(status: string): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;

/** Every bar or spinner still drawing, so a command that fails half-way can stop them all. */
const running = new Set<{ stop(): void }>();

/** Whether progress is drawn: never under --json, only on a terminal. */
export function showsProgress(target: ProgressTarget): boolean {
  const stream = target.stream ?? process.stderr;
  return !target.json && stream.isTTY === true;
}

function newBar(target: ProgressTarget, format: string): SingleBar {
  return new SingleBar({
    format,
    stream: target.stream ?? process.stderr,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
    formatValue: (value, _options, type) =>
      type === 'value' || type === 'total' ? value.toLocaleString('en-US') : String(value),
  });
}

export function progressBar(target: ProgressTarget, label: string, total: number): ProgressBar {
  if (!showsProgress(target))
    return { active: false, update: () => undefined, stop: () => undefined };
  const bar = newBar(target, `${label} [{bar}] {percentage}% | {value}/{total} {status}`);
  bar.start(Math.max(total, 0), 0, { status: '' });
  const handle = {
    active: true,
    update(value: number, options: { total?: number; status?: string } = {}) {
      if (options.total !== undefined) bar.setTotal(options.total);
      bar.update(value, { status: options.status ?? '' });
    },
    stop() {
      if (!running.delete(handle)) return;
      bar.stop();
    },
  };
  running.add(handle);
  return handle;
}

export function spinner(target: ProgressTarget, label: string): Spinner {
  if (!showsProgress(target))
    return { active: false, update: () => undefined, stop: () => undefined };
  const bar = newBar(target, `{frame} ${label} {status}`);
  let frame = 0;
  bar.start(0, 0, { frame: FRAMES[0], status: '' });
  const timer = setInterval(() => {
    frame = (frame + 1) % FRAMES.length;
    bar.update({ frame: FRAMES[frame] });
  }, FRAME_MS);
  timer.unref();
  const handle = {
    active: true,
    update(status: string) {
      bar.update({ status });
    },
    stop() {
      if (!running.delete(handle)) return;
      clearInterval(timer);
      bar.update({ frame: '✔' });
      bar.stop();
    },
  };
  running.add(handle);
  return handle;
}

/** Stops whatever is still drawing (a command ended, maybe with an error). */
export function stopAllProgress(): void {
  for (const handle of [...running]) handle.stop();
}
