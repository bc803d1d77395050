/**
 * Where a run's time goes: with CHANNELKIT_TIMING=1 in the environment, each stage and each Bulk
 * job writes one `timing:` line to stderr (seconds since the run began). Silent otherwise.
 */
const enabled = process.env.CHANNELKIT_TIMING === '1';
const began = performance.now();

/** Writes `timing: <seconds> <what>` to stderr when CHANNELKIT_TIMING=1. */
export function timing(what: string): void {
  if (!enabled) return;
  const at = ((performance.now() - began) / 1000).toFixed(2);
  process.stderr.write(`timing: ${at.padStart(7)} s ${what}\n`);
}
