import { type Blob as NodeBlob, resolveObjectURL } from 'node:buffer';
import { createContext, runInContext } from 'node:vm';
import { ManualClock } from '@screen-recording/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkerClock } from '../src/worker-clock';

/**
 * Node has no browser `Worker`, so these tests install this stand-in on `globalThis`. It records what
 * the page posts; the test plays the worker's side with `answer()` and `fail()`, or runs the clock's
 * real worker script in a VM context with `runScript()`.
 */
class FakeWorker extends EventTarget {
  static instances: FakeWorker[] = [];

  readonly url: string;
  readonly options: WorkerOptions | undefined;
  /** The script behind the Blob URL, read while the URL was still valid (as a browser does). */
  readonly script: NodeBlob | undefined;
  readonly received: unknown[] = [];
  terminated = false;
  private deliver: ((message: unknown) => void) | null = null;

  constructor(url: string | URL, options?: WorkerOptions) {
    super();
    this.url = String(url);
    this.options = options;
    this.script = resolveObjectURL(this.url);
    FakeWorker.instances.push(this);
  }

  postMessage(message: unknown): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.received.push(message);
    this.deliver?.(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker's side: timer `id` is due. */
  answer(id: number): void {
    this.dispatchEvent(new MessageEvent('message', { data: id }));
  }

  /** The worker's side: an uncaught error, or a script that failed to load. */
  fail(): void {
    this.dispatchEvent(new Event('error'));
  }

  /** Runs the clock's own worker script, with this process's (possibly faked) timers. */
  async runScript(): Promise<void> {
    const source = await this.script?.text();
    if (source === undefined) throw new Error('the worker has no script');
    const self: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(data: unknown): void } =
      {
        onmessage: null,
        postMessage: (data) => this.answer(data as number),
      };
    const context = createContext({
      self,
      setTimeout: (callback: () => void, delayMs: number) => setTimeout(callback, delayMs),
      clearTimeout: (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle),
    });
    runInContext(source, context);
    this.deliver = (message) => {
      if (!this.terminated) self.onmessage?.({ data: message });
    };
  }
}

function onlyWorker(): FakeWorker {
  expect(FakeWorker.instances).toHaveLength(1);
  return FakeWorker.instances[0] as FakeWorker;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
  FakeWorker.instances = [];
});

describe('createWorkerClock where there is no Worker (Node, SSR)', () => {
  it('runs and clears timers on systemClock', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 8, 0, 0) });
    const clock = createWorkerClock();
    const first = vi.fn();
    const second = vi.fn();
    clock.setTimeout(first, 1_000);
    const handle = clock.setTimeout(second, 2_000);
    clock.clearTimeout(handle);

    vi.advanceTimersByTime(999);
    expect(first).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(first).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    expect(clock.now()).toBe(Date.now());
    expect(clock.now()).toBe(Date.UTC(2026, 10, 23, 8, 0, 11));
  });

  it('uses the fallback it is given, and dispose() clears the timers there', async () => {
    const fallback = new ManualClock();
    const clock = createWorkerClock({ fallback });
    const fired = vi.fn();
    clock.setTimeout(fired, 30_000);
    const cleared = clock.setTimeout(fired, 10_000);
    clock.clearTimeout(cleared);
    expect(fallback.pendingTimers).toBe(1);

    await fallback.advance(30_000);
    expect(fired).toHaveBeenCalledTimes(1);

    clock.setTimeout(fired, 30_000);
    clock.setTimeout(fired, 60_000);
    clock.dispose();
    expect(fallback.pendingTimers).toBe(0);
    await fallback.advance(120_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['Blob', () => vi.stubGlobal('Blob', undefined)],
    ['URL.createObjectURL', () => vi.stubGlobal('URL', class WithoutObjectUrls {})],
  ])('falls back when %s is missing', async (_missing, remove) => {
    vi.stubGlobal('Worker', FakeWorker);
    remove();
    const fallback = new ManualClock();
    const clock = createWorkerClock({ fallback });
    const fired = vi.fn();
    clock.setTimeout(fired, 5_000);
    expect(FakeWorker.instances).toEqual([]);
    await fallback.advance(5_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('falls back when the Worker constructor throws (a CSP without blob: workers), and revokes the URL', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    vi.stubGlobal(
      'Worker',
      class RefusedWorker {
        constructor() {
          throw new DOMException('blob: workers are not allowed', 'SecurityError');
        }
      },
    );
    const fallback = new ManualClock();
    const clock = createWorkerClock({ fallback });
    const fired = vi.fn();
    clock.setTimeout(fired, 5_000);
    expect(revoke).toHaveBeenCalledTimes(1);
    await fallback.advance(5_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});

describe('createWorkerClock with a Worker', () => {
  it('starts one worker from a Blob URL and revokes the URL once the worker has it', () => {
    vi.stubGlobal('Worker', FakeWorker);
    createWorkerClock();
    const worker = onlyWorker();
    expect(worker.url).toMatch(/^blob:/);
    expect(worker.script?.type).toBe('text/javascript');
    expect(worker.options).toEqual({ name: 'screen-recording-clock' });
    expect(resolveObjectURL(worker.url)).toBeUndefined();
  });

  it('starts nothing at import or before createWorkerClock()', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.resetModules();
    await import('../src/worker-clock');
    expect(FakeWorker.instances).toEqual([]);
  });

  it('posts each timer to the worker and runs its callback when the worker answers, once', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const fallback = new ManualClock();
    const clock = createWorkerClock({ fallback });
    const worker = onlyWorker();
    const poll = vi.fn();
    const timeout = vi.fn();
    const pollHandle = clock.setTimeout(poll, 30_000);
    const timeoutHandle = clock.setTimeout(timeout, 5_000);

    expect(worker.received).toEqual([
      { type: 'set', id: pollHandle, delayMs: 30_000 },
      { type: 'set', id: timeoutHandle, delayMs: 5_000 },
    ]);
    expect(fallback.pendingTimers).toBe(0);
    expect(poll).not.toHaveBeenCalled();

    worker.answer(pollHandle as number);
    expect(poll).toHaveBeenCalledTimes(1);
    expect(timeout).not.toHaveBeenCalled();
    worker.answer(pollHandle as number);
    expect(poll).toHaveBeenCalledTimes(1);
    worker.answer(timeoutHandle as number);
    expect(timeout).toHaveBeenCalledTimes(1);
  });

  it('clearTimeout tells the worker and ignores an answer already on its way', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const clock = createWorkerClock();
    const worker = onlyWorker();
    const fired = vi.fn();
    const handle = clock.setTimeout(fired, 5_000);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    clock.clearTimeout('not a handle of this clock');

    expect(worker.received).toEqual([
      { type: 'set', id: handle, delayMs: 5_000 },
      { type: 'clear', id: handle },
    ]);
    worker.answer(handle as number);
    expect(fired).not.toHaveBeenCalled();
  });

  it("keeps a poll loop going on the worker script's own timers, and clears in the worker", async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const clock = createWorkerClock();
    const worker = onlyWorker();
    await worker.runScript();
    vi.useFakeTimers();

    const polls: number[] = [];
    const start = Date.now();
    const poll = () => {
      polls.push(Date.now() - start);
      // A request timeout armed and cleared within each poll, as the transport does.
      clock.clearTimeout(clock.setTimeout(() => polls.push(-1), 5_000));
      clock.setTimeout(poll, 30_000);
    };
    clock.setTimeout(poll, 30_000);
    vi.advanceTimersByTime(5 * 60_000);

    expect(polls).toEqual([
      30_000, 60_000, 90_000, 120_000, 150_000, 180_000, 210_000, 240_000, 270_000, 300_000,
    ]);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('an error event moves the pending timers to the fallback with the time they had left', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 23, 8, 0, 0) });
    vi.stubGlobal('Worker', FakeWorker);
    const fallback = new ManualClock();
    const clock = createWorkerClock({ fallback });
    const worker = onlyWorker();
    const poll = vi.fn();
    const overdue = vi.fn();
    const cleared = vi.fn();
    const pollHandle = clock.setTimeout(poll, 30_000);
    clock.setTimeout(overdue, 5_000);
    clock.clearTimeout(clock.setTimeout(cleared, 20_000));

    vi.advanceTimersByTime(10_000);
    worker.fail();
    expect(worker.terminated).toBe(true);
    expect(fallback.pendingTimers).toBe(2);

    // Due already (its answer was lost with the worker): runs at once on the fallback.
    await fallback.advance(0);
    expect(overdue).toHaveBeenCalledTimes(1);
    // A late answer from the dead worker changes nothing; a second error neither.
    worker.answer(pollHandle as number);
    worker.fail();
    expect(poll).not.toHaveBeenCalled();
    expect(fallback.pendingTimers).toBe(1);

    await fallback.advance(19_999);
    expect(poll).not.toHaveBeenCalled();
    await fallback.advance(1);
    expect(poll).toHaveBeenCalledTimes(1);

    // From now on every timer runs on the fallback, and clears there.
    const next = vi.fn();
    const later = clock.setTimeout(next, 1_000);
    clock.setTimeout(next, 2_000);
    clock.clearTimeout(later);
    expect(worker.received).toHaveLength(4);
    await fallback.advance(60_000);
    expect(next).toHaveBeenCalledTimes(1);
    expect(cleared).not.toHaveBeenCalled();
    expect(overdue).toHaveBeenCalledTimes(1);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it('dispose() terminates the worker and cancels every timer, in the worker and on the fallback', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const fallback = new ManualClock();
    const clock = createWorkerClock({ fallback });
    const worker = onlyWorker();
    const fired = vi.fn();
    const handle = clock.setTimeout(fired, 30_000);

    clock.dispose();
    expect(worker.terminated).toBe(true);
    worker.answer(handle as number);
    expect(fired).not.toHaveBeenCalled();
    clock.clearTimeout(handle);
    expect(worker.received).toHaveLength(1);

    // Disposed, the clock still works, on the fallback; a second dispose() clears those too.
    clock.setTimeout(fired, 1_000);
    await fallback.advance(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
    clock.setTimeout(fired, 1_000);
    clock.dispose();
    await fallback.advance(10_000);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(fallback.pendingTimers).toBe(0);
  });
});
