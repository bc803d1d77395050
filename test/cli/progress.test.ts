/**
 * scripts/cli/progress.ts: bars and spinners draw only for people at a terminal, never under
 * --json or when stderr is not a TTY (how every CLI test runs, so their outputs stay exact).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import {
  progressBar,
  showsProgress,
  spinner,
  stopAllProgress,
} from '../../scripts/cli/progress.ts';

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream, text: () => chunks.join('') };
}

describe('progress bars and spinners', () => {
  it('draw only on a terminal and never under --json', () => {
    assert.equal(showsProgress({ json: false, stream: fakeStream(true).stream }), true);
    assert.equal(showsProgress({ json: true, stream: fakeStream(true).stream }), false);
    assert.equal(showsProgress({ json: false, stream: fakeStream(false).stream }), false);
    assert.equal(showsProgress({ json: false, stream: {} as NodeJS.WritableStream }), false);
  });

  it('a bar on a terminal shows the label and the count; a silent one writes nothing', () => {
    const tty = fakeStream(true);
    const bar = progressBar({ json: false, stream: tty.stream }, 'Applying', 2500);
    assert.equal(bar.active, true);
    bar.update(1200, { status: '3 failed' });
    bar.stop();
    assert.match(tty.text(), /Applying \[/);
    assert.match(tty.text(), /1,200\/2,500 3 failed/);

    for (const target of [
      { json: true, stream: fakeStream(true) },
      { json: false, stream: fakeStream(false) },
    ]) {
      const silent = progressBar(
        { json: target.json, stream: target.stream.stream },
        'Applying',
        10,
      );
      const spin = spinner({ json: target.json, stream: target.stream.stream }, 'Waiting');
      assert.equal(silent.active, false);
      assert.equal(spin.active, false);
      silent.update(5);
      spin.update('still');
      silent.stop();
      spin.stop();
      assert.equal(target.stream.text(), '');
    }
  });

  it('a spinner shows its status; stopAllProgress stops whatever is still drawing', () => {
    const tty = fakeStream(true);
    const spin = spinner({ json: false, stream: tty.stream }, 'Bulk job');
    const bar = progressBar({ json: false, stream: tty.stream }, 'Rows', 10);
    spin.update('InProgress');
    stopAllProgress();
    assert.match(tty.text(), /Bulk job InProgress/);
    // Stopped handles ignore further calls; the test ending proves no redraw timer is left.
    spin.stop();
    bar.update(3);
  });
});
