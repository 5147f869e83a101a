import {
  afterEveryRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  createEnvironmentInjector,
  EnvironmentInjector,
  Injector,
  inject,
  provideZonelessChangeDetection,
  type Type,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  injectScreenRecording,
  provideScreenRecording,
  type ScreenRecordingConfig,
  ScreenRecordingService,
} from '@screen-recording/angular';
import { createScreenRecordingSession, type SessionView } from '@screen-recording/core';
import { ALICE_LOGIN, createContractSession, createFakeSrs, ManualClock } from '@screen-recording/test-utils';
import { describe, expect, it } from 'vitest';
import { actThenRender } from './desk';

const PING_INTERVAL_MS = 30_000;

/** The service of a zoneless test module that provides `config`. */
function provideAndInject(config: ScreenRecordingConfig): ScreenRecordingService {
  TestBed.configureTestingModule({
    providers: [provideZonelessChangeDetection(), provideScreenRecording(config)],
  });
  return TestBed.inject(ScreenRecordingService);
}

/** Records what an observable emits and whether it completed. */
function record(service: ScreenRecordingService) {
  const seen: SessionView[] = [];
  const stream = { seen, completed: false };
  service.view$.subscribe({
    next: (view) => seen.push(view),
    complete: () => {
      stream.completed = true;
    },
  });
  return stream;
}

/** A child environment injector, as a route's `providers` make one. */
function routeEnvironment(config: ScreenRecordingConfig) {
  return createEnvironmentInjector([provideScreenRecording(config)], TestBed.inject(EnvironmentInjector));
}

describe('ScreenRecordingService: view and view$', () => {
  it('view$ emits the current view on subscribe, then every view the session publishes, in order', async () => {
    const { clock, session } = createContractSession();
    const service = provideAndInject({ session });
    const published: SessionView[] = [];
    session.subscribe((view) => published.push(view));

    const stream = record(service);
    // Synchronously: a `toObservable(view)` would emit later, from an effect.
    expect(stream.seen).toEqual([session.getSnapshot()]);

    void service.login(ALICE_LOGIN);
    // The login's first transition arrives in the same task, not merged with the ones that follow.
    expect(stream.seen.at(-1)?.status).toBe('loggingIn');
    await clock.advance(0);
    await clock.advance(PING_INTERVAL_MS);
    await service.logout();

    expect(stream.seen.slice(1)).toEqual(published);
    // The very objects the session published, none skipped, none repeated.
    stream.seen.slice(1).forEach((view, index) => {
      expect(view).toBe(published[index]);
    });
    expect(stream.seen.map((view) => view.status)).toEqual([
      'idle',
      'loggingIn',
      'active',
      'active', // the poll: lastPollAt and nextPollAt changed
      'loggingOut',
      'idle',
    ]);
    expect(service.view()).toBe(session.getSnapshot());
    session.dispose();
  });

  it('view changes only when the session publishes a new view object', async () => {
    const { clock, session } = createContractSession();
    const service = provideAndInject({ session });
    const first = service.view();
    expect(first).toBe(session.getSnapshot());

    await service.login(ALICE_LOGIN).then(() => clock.advance(0));
    expect(service.view()).not.toBe(first);
    expect(service.view()).toBe(session.getSnapshot());
    expect(service.view().status).toBe('active');
    session.dispose();
  });

  it('keeps the order for every subscriber when one of them sends a command from its callback', async () => {
    const { clock, session } = createContractSession();
    const service = provideAndInject({ session });
    const first: string[] = [];
    const second: string[] = [];
    service.view$.subscribe((view) => {
      first.push(view.status);
      // The session publishes `loggingOut` while `active` is still being handed out.
      // (The core rejects a command sent from inside its own listener although it runs it: reported, not ours.)
      if (view.status === 'active' && !first.includes('loggingOut')) service.logout().catch(() => {});
    });
    service.view$.subscribe((view) => second.push(view.status));

    void service.login(ALICE_LOGIN);
    await clock.advance(0);
    await clock.advance(0);

    expect(first).toEqual(['idle', 'loggingIn', 'active', 'loggingOut', 'idle']);
    expect(second).toEqual(first);
    session.dispose();
  });

  it('view$ completes after the disposed view when the app disposes its session', () => {
    const { session } = createContractSession();
    const service = provideAndInject({ session });
    const stream = record(service);

    session.dispose();

    expect(stream.seen.map((view) => view.status)).toEqual(['idle', 'disposed']);
    expect(stream.completed).toBe(true);
    // A late subscriber gets the last view and the completion at once.
    const late = record(service);
    expect(late.seen.map((view) => view.status)).toEqual(['disposed']);
    expect(late.completed).toBe(true);
  });

  it('view$ completes at once for a session the app disposed before providing it', () => {
    const { session } = createContractSession();
    session.dispose();
    const stream = record(provideAndInject({ session }));
    expect(stream.seen.map((view) => view.status)).toEqual(['disposed']);
    expect(stream.completed).toBe(true);
  });

  it('leaves no listener and completes view$ when the providing environment is destroyed', async () => {
    const contract = createContractSession();
    const { clock, session } = contract;
    const service = provideAndInject({ session });
    const stream = record(service);
    const status = service.select((view) => view.status);
    await service.login(ALICE_LOGIN).then(() => clock.advance(0));
    expect(contract.liveSubscriptions).toBe(1);

    TestBed.resetTestingModule();

    expect(stream.completed).toBe(true);
    expect(contract.liveSubscriptions).toBe(0);
    // The app owns this session: it is still logged in, and only the service stopped following it.
    await session.logout();
    expect(session.getSnapshot().status).toBe('idle');
    expect(status()).toBe('active');
    session.dispose();
  });
});

describe('ScreenRecordingService: select', () => {
  const seatOf = (view: SessionView) => ({ place: view.place, server: view.server });
  type Seat = ReturnType<typeof seatOf>;
  const sameSeat = (a: Seat, b: Seat) => a.place === b.place && a.server === b.server;

  it('notifies nobody across polls that change nothing it reads, and follows the slice when it changes', async () => {
    const { clock, srs, session } = createContractSession();
    const service = provideAndInject({ session });
    const status = service.select((view) => view.status);
    const seat = service.select(seatOf, sameSeat);
    // A computed re-runs only when a signal it reads notified a change.
    let statusReads = 0;
    let seatReads = 0;
    const statusReader = computed(() => {
      statusReads++;
      return status();
    });
    const seatReader = computed(() => {
      seatReads++;
      return seat();
    });

    await service.login(ALICE_LOGIN).then(() => clock.advance(0));
    expect(statusReader()).toBe('active');
    const seatAfterLogin = seatReader();
    expect(seatAfterLogin).toEqual({ place: null, server: ALICE_LOGIN.server });
    const before = { statusReads, seatReads, pings: srs.count('ping') };

    for (let poll = 0; poll < 5; poll++) {
      await clock.advance(PING_INTERVAL_MS);
      expect(statusReader()).toBe('active');
      expect(seatReader()).toBe(seatAfterLogin);
    }

    expect(srs.count('ping') - before.pings).toBe(5);
    expect(statusReads).toBe(before.statusReads);
    expect(seatReads).toBe(before.seatReads);

    await service.logout();
    expect(statusReader()).toBe('idle');
    expect(seatReader()).toEqual({ place: null, server: null });
    expect(statusReads).toBe(before.statusReads + 1);
    session.dispose();
  });

  it('made in a component, stops following the session when the component is destroyed', async () => {
    @Component({ selector: 'status-holder', template: '' })
    class StatusHolder {
      readonly status = inject(ScreenRecordingService).select((view) => view.status);
    }
    const { clock, session } = createContractSession();
    const service = provideAndInject({ session });
    const fixture = TestBed.createComponent(StatusHolder);
    const fromComponent = fixture.componentInstance.status;
    // Made outside any injection context: it lives as long as the service.
    const fromTest = service.select((view) => view.status);

    fixture.destroy();
    await service.login(ALICE_LOGIN).then(() => clock.advance(0));

    expect(fromComponent()).toBe('idle');
    expect(fromTest()).toBe('active');
    session.dispose();
  });

  it('injectScreenRecording() gives the whole view, or a slice, from an injection context', async () => {
    @Component({ selector: 'status-reader', template: '' })
    class StatusReader {
      readonly view = injectScreenRecording();
      readonly status = injectScreenRecording((view) => view.status);
    }
    const { clock, session } = createContractSession();
    const service = provideAndInject({ session });
    const reader = TestBed.createComponent(StatusReader).componentInstance;
    expect(reader.view).toBe(service.view);

    await service.login(ALICE_LOGIN).then(() => clock.advance(0));
    expect(reader.status()).toBe('active');
    expect(reader.view()).toBe(session.getSnapshot());
    session.dispose();
  });
});

/** Template evaluations of the components below, by component. */
const renders = new Map<string, number>();
const countRender = (name: string) => {
  renders.set(name, (renders.get(name) ?? 0) + 1);
  return '';
};

/** Status through `select`: its template reads a signal that polls do not change. */
@Component({
  selector: 'status-by-select',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ status() }}{{ countRender('select') }}`,
})
class StatusBySelect {
  readonly status = injectScreenRecording((view) => view.status);
  readonly countRender = countRender;
}

/** Status through a `computed` over the whole view: same value, but notified on every poll. */
@Component({
  selector: 'status-by-computed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ status() }}{{ countRender('computed') }}`,
})
class StatusByComputed {
  private readonly view = inject(ScreenRecordingService).view;
  readonly status = computed(() => this.view().status);
  readonly countRender = countRender;
}

/** The last poll: changes on every poll. */
@Component({
  selector: 'last-poll',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ view().status }} {{ view().lastPollAt }}{{ countRender('view') }}`,
})
class LastPoll {
  readonly view = injectScreenRecording();
  readonly countRender = countRender;
}

/**
 * Change-detection passes the app runs, and renders of the component's template, per successful
 * poll, with only `component` on the page.
 */
async function perPoll(component: Type<unknown>, name: string): Promise<{ passes: number; renders: number }> {
  const { clock, srs, session } = createContractSession();
  TestBed.configureTestingModule({
    providers: [provideZonelessChangeDetection(), provideScreenRecording({ session })],
  });
  let passes = 0;
  afterEveryRender(() => passes++, { injector: TestBed.inject(Injector) });
  const fixture = TestBed.createComponent(component);
  await fixture.whenStable();
  await actThenRender(async () => {
    void session.login(ALICE_LOGIN);
    await clock.advance(0);
  });
  expect(fixture.nativeElement.textContent).toContain('active');
  const before = { passes, renders: renders.get(name) ?? 0, pings: srs.count('ping') };

  const POLLS = 10;
  for (let poll = 0; poll < POLLS; poll++) await actThenRender(() => clock.advance(PING_INTERVAL_MS));

  expect(srs.count('ping') - before.pings).toBe(POLLS);
  session.dispose();
  TestBed.resetTestingModule();
  return {
    passes: (passes - before.passes) / POLLS,
    renders: ((renders.get(name) ?? 0) - before.renders) / POLLS,
  };
}

describe('zoneless change detection per poll', () => {
  it('runs no pass for a status shown through select, one for a computed over view or the whole view', async () => {
    const bySelect = await perPoll(StatusBySelect, 'select');
    const byComputed = await perPoll(StatusByComputed, 'computed');
    const wholeView = await perPoll(LastPoll, 'view');
    for (const [label, figures] of [
      ['status via select', bySelect],
      ['status via computed(view)', byComputed],
      ['whole view', wholeView],
    ] as const) {
      console.log(
        `per poll (Angular, zoneless), ${label}: ${figures.passes} change-detection passes, ${figures.renders} renders`,
      );
    }
    expect(bySelect).toEqual({ passes: 0, renders: 0 });
    expect(byComputed).toEqual({ passes: 1, renders: 0 });
    expect(wholeView).toEqual({ passes: 1, renders: 1 });
  });
});

describe('provideScreenRecording', () => {
  it('with options, creates one session on first injection and disposes it with its environment', async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const environment = routeEnvironment({
      options: { srsUrl: 'http://127.0.0.1:4100', fetch: srs.fetch, clock },
    });
    const service = environment.get(ScreenRecordingService);
    expect(environment.get(ScreenRecordingService)).toBe(service);
    const stream = record(service);
    await service.login(ALICE_LOGIN).then(() => clock.advance(0));

    environment.destroy();

    expect(service.session.getSnapshot().status).toBe('disposed');
    expect(stream.seen.at(-1)?.status).toBe('disposed');
    expect(stream.completed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    // Disposing sends nothing: the app logs out first when it means to end the SRS session.
    expect(srs.calls.map((call) => call.operation)).toEqual(['login']);
  });

  it('gives each environment its own session, and never disposes a session it was given', () => {
    const session = createScreenRecordingSession({ srsUrl: 'http://127.0.0.1:4100' });
    const given = routeEnvironment({ session });
    const owned = routeEnvironment({ options: { srsUrl: 'http://127.0.0.1:4100' } });
    const ownedSession = owned.get(ScreenRecordingService).session;
    expect(given.get(ScreenRecordingService).session).toBe(session);
    expect(ownedSession).not.toBe(session);

    given.destroy();
    owned.destroy();

    expect(session.getSnapshot().status).toBe('idle');
    expect(ownedSession.getSnapshot().status).toBe('disposed');
    session.dispose();
  });

  it('refuses a call with neither options nor a session', () => {
    // @ts-expect-error: the types ask for one of the two as well.
    expect(() => provideScreenRecording({})).toThrow(/\{ options \}.*\{ session \}/);
  });

  it('surfaces bad options as the core configuration error, at first injection', () => {
    const environment = routeEnvironment({ options: { srsUrl: 'http://srs.example.com:4100' } });
    expect(() => environment.get(ScreenRecordingService)).toThrow(
      expect.objectContaining({ code: 'configuration', field: 'srsUrl' }),
    );
    environment.destroy();
  });
});

describe('commands', () => {
  it('work when taken off the service (no `this` needed) and pass on the core typed errors', async () => {
    const { srs, session } = createContractSession();
    const { login, logout, switchPlace } = provideAndInject({ session });

    await expect(switchPlace({ place: 'alicePlace' })).rejects.toMatchObject({ code: 'invalid-state' });
    await login(ALICE_LOGIN);
    expect(session.getSnapshot().status).toBe('active');
    await logout();
    expect(session.getSnapshot().status).toBe('idle');
    expect(srs.calls.map((call) => call.operation)).toEqual(['login', 'logout']);
    expect(srs.calls[1]?.headers['x-csrf-token']).toBeDefined();
    session.dispose();
  });
});

describe('without provideScreenRecording', () => {
  it('inject(ScreenRecordingService) fails with an error naming provideScreenRecording', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.inject(ScreenRecordingService)).toThrow(
      /add provideScreenRecording\(\) to the providers/,
    );
  });

  it('injectScreenRecording() says what to add, and where', () => {
    @Component({ selector: 'orphan-status', template: '' })
    class OrphanStatus {
      readonly status = injectScreenRecording((view) => view.status);
    }
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.createComponent(OrphanStatus)).toThrow(
      /add provideScreenRecording\(\) to the providers/,
    );
  });

  it('injectScreenRecording() outside an injection context fails as inject() does', () => {
    expect(() => injectScreenRecording()).toThrow(/injection context/);
  });
});
