import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { injectScreenRecording, provideScreenRecording } from '@screen-recording/angular';
import { type BindingUnderTest, describeBindingContract } from '@screen-recording/test-utils';
import { actThenRender, mountDesk, StatusPart } from './desk';

/** A component that uses the binding with no provider above it. */
@Component({ selector: 'no-provider', template: `{{ status() }}` })
class WithoutProvider {
  readonly status = injectScreenRecording((view) => view.status);
}

/** The server render's root: one status part. */
@Component({
  selector: 'server-root',
  imports: [StatusPart],
  template: `<status-part [index]="0" [renders]="renders" />`,
})
class ServerRoot {
  readonly renders = [0];
}

const angularBinding: BindingUnderTest = {
  name: 'Angular (zoneless)',
  missingProviderMessage: /provideScreenRecording/,
  async mount(session, components) {
    const desk = await mountDesk([provideScreenRecording({ session })], components);
    return { text: desk.text, renders: desk.renders, unmount: desk.unmount };
  },
  act: actThenRender,
  async renderOnServer(session) {
    // Angular's server platform marks the process as a server while it renders; restore that after.
    const serverMode = Reflect.get(globalThis, 'ngServerMode');
    try {
      return await renderApplication(
        (context) =>
          bootstrapApplication(
            ServerRoot,
            {
              providers: [
                provideServerRendering(),
                provideZonelessChangeDetection(),
                provideScreenRecording({ session }),
              ],
            },
            context,
          ),
        {
          document: '<html><body><server-root></server-root></body></html>',
          url: 'http://localhost/',
          allowedHosts: ['localhost'],
        },
      );
    } finally {
      Reflect.set(globalThis, 'ngServerMode', serverMode);
    }
  },
  useWithoutProvider() {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    return TestBed.createComponent(WithoutProvider);
  },
};

describeBindingContract(angularBinding);
