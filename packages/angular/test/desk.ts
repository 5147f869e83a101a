import {
  ApplicationRef,
  ChangeDetectionStrategy,
  Component,
  type EnvironmentProviders,
  Input,
  inject,
  type OnInit,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { injectScreenRecording, ScreenRecordingService } from '@screen-recording/angular';
import type { LoginParams } from '@screen-recording/core';
import type { DeskComponent } from '@screen-recording/test-utils';

/**
 * Components the Angular tests mount. Each counts its renders: how many times Angular evaluated its
 * template. They are OnPush, as components reading signals usually are; in a zoneless app Angular
 * refreshes them only when a signal they read notifies. Inputs use `@Input()`: JIT compilation sees
 * decorators, not `input()` (that needs the AOT compiler, as in the example app).
 */

/** Shows `status` through `injectScreenRecording(selector)`; can log in when it is created. */
@Component({
  selector: 'status-part',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p [attr.data-part]="index">status: {{ status() }}{{ countRender() }}</p>`,
})
export class StatusPart implements OnInit {
  @Input({ required: true }) index = 0;
  @Input() loginOnMount: LoginParams | undefined;
  @Input({ required: true }) renders: number[] = [];
  readonly status = injectScreenRecording((view) => view.status);
  private readonly recording = inject(ScreenRecordingService);

  ngOnInit(): void {
    if (this.loginOnMount) this.recording.login(this.loginOnMount).catch(() => {});
  }

  /** Called once per evaluation of the template: the render count. */
  countRender(): string {
    this.renders[this.index] = (this.renders[this.index] ?? 0) + 1;
    return '';
  }
}

/** Reads the whole view (`service.view`) and shows `lastPollAt`: it renders on every poll. */
@Component({
  selector: 'view-part',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p [attr.data-part]="index">last poll: {{ view().lastPollAt ?? 'never' }}{{ countRender() }}</p>`,
})
export class WholeViewPart {
  @Input({ required: true }) index = 0;
  @Input({ required: true }) renders: number[] = [];
  readonly view = inject(ScreenRecordingService).view;

  countRender(): string {
    this.renders[this.index] = (this.renders[this.index] ?? 0) + 1;
    return '';
  }
}

/** The desk: the parts a test asks for, in order. */
@Component({
  selector: 'test-desk',
  imports: [StatusPart, WholeViewPart],
  template: `
    @for (part of parts; track $index) {
      @if (part.reads === 'status') {
        <status-part [index]="$index" [loginOnMount]="part.loginOnMount" [renders]="renders" />
      } @else {
        <view-part [index]="$index" [renders]="renders" />
      }
    }
  `,
})
export class Desk {
  @Input({ required: true }) parts: readonly DeskComponent[] = [];
  @Input({ required: true }) renders: number[] = [];
}

/**
 * Mounts a desk in a zoneless TestBed under `providers` (the screen recording provider among them) and
 * waits for its first render. `unmount()` destroys the test module's environment injector, as closing
 * the app would.
 */
export async function mountDesk(providers: EnvironmentProviders[], parts: readonly DeskComponent[]) {
  TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), ...providers] });
  const renders: number[] = parts.map(() => 0);
  const fixture = TestBed.createComponent(Desk);
  fixture.componentRef.setInput('parts', parts);
  fixture.componentRef.setInput('renders', renders);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  return {
    fixture,
    text: (index: number) => element.querySelector(`[data-part="${index}"]`)?.textContent ?? '',
    renders: (index: number) => renders[index] ?? 0,
    unmount: () => {
      TestBed.resetTestingModule();
    },
  };
}

/** Runs `work`, then waits until Angular has rendered whatever it scheduled (zoneless: its own scheduler). */
export async function actThenRender(work: () => Promise<void> | void): Promise<void> {
  await work();
  await TestBed.inject(ApplicationRef).whenStable();
}
