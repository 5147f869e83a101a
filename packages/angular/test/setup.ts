// Angular in JIT mode: components in the tests are compiled at runtime, so the compiler loads first.
import '@angular/compiler';
import { getTestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach } from 'vitest';

getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), {
  // Each test's environment injector is destroyed after it: the service's cleanup runs every time.
  teardown: { destroyAfterEach: true },
});

// TestBed registers this hook itself only where the test runner's globals are on; this config has none.
afterEach(() => getTestBed().resetTestingModule());
