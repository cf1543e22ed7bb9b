import assert from 'node:assert/strict';
import { lifetimeGuard } from '../../workers/src/media/child-lifetime';
import { childPids, commandLine, eventually, exited, isProcessAlive, killHard, spawnTs, waitForExit } from './support';

/**
 * FFmpeg must not outlive the worker that started it: a worker killed mid-encode (kill -9, the OOM
 * killer) used to leave its FFmpeg encoding, orphaned, until it finished on its own.
 */
describe('FFmpeg children die with the worker that started them', function () {
  this.timeout(60_000);

  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) killHard(pid);
  });

  /** Starts the stand-in worker; resolves once its FFmpeg is encoding, with both pids. */
  async function startEncoding(env: Record<string, string>) {
    const worker = spawnTs('test/processes/fixtures/encode-forever.ts', [], { ...process.env, ...env });
    started.push(worker.child.pid!);
    await worker.waitFor(/encoding/);
    // FFmpeg is the worker's child (setpriv execs it in place), next to the watchdog shell if any.
    const ffmpeg = childPids(worker.child.pid!).filter((pid) => /ffmpeg/.test(commandLine(pid)) && !commandLine(pid).startsWith('/bin/sh'));
    assert.equal(ffmpeg.length, 1, `one FFmpeg child: ${JSON.stringify(ffmpeg.map(commandLine))}`);
    started.push(ffmpeg[0]);
    return { worker, ffmpeg: ffmpeg[0] };
  }

  const guards = ['watchdog', ...(lifetimeGuard() === 'pdeathsig' ? ['pdeathsig'] : [])];
  for (const guard of guards) {
    it(`when the worker is SIGKILLed mid-encode (${guard}), then its FFmpeg stops within 2 s`, async () => {
      const { worker, ffmpeg } = await startEncoding({ GUARD: guard });
      assert.ok(isProcessAlive(ffmpeg));
      worker.child.kill('SIGKILL');
      await waitForExit(worker.child, 5000);
      const took = await eventually(() => !isProcessAlive(ffmpeg), `FFmpeg (pid ${ffmpeg}) still running after its worker was killed`, 2000);
      console.log(`      FFmpeg gone ${took} ms after its worker (${guard})`);
    });
  }

  it('when the worker dies of an uncaught exception mid-encode, then its FFmpeg stops with it', async () => {
    const { worker, ffmpeg } = await startEncoding({ ENDING: 'throw' });
    worker.child.kill('SIGUSR2');
    await waitForExit(worker.child, 5000);
    assert.ok(exited(worker.child));
    await eventually(() => !isProcessAlive(ffmpeg), `FFmpeg (pid ${ffmpeg}) still running after its worker crashed`, 2000);
  });
});
