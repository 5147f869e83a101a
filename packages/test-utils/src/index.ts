// The in-memory SRS and the manual clock are published, for apps' tests too: the repository's tests use them from there.
export {
  createFakeSrs,
  type FakeAnswer,
  type FakeCall,
  type FakeSrs,
  type FakeSrsOptions,
  ManualClock,
  settle,
} from '@screen-recording/testing';
export {
  ALICE_LOGIN,
  type BindingUnderTest,
  createContractSession,
  type DeskComponent,
  describeBindingContract,
  type MountedDesk,
} from './binding-contract';
export { createMemoryTabs } from './memory-tabs';
