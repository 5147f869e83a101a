export {
  ALICE_LOGIN,
  type BindingUnderTest,
  createContractSession,
  type DeskComponent,
  describeBindingContract,
  type MountedDesk,
} from './binding-contract';
export {
  createFakeSrs,
  type FakeAnswer,
  type FakeCall,
  type FakeSrs,
  type FakeSrsOptions,
  type Operation,
} from './fake-srs';
export { ManualClock, settle } from './manual-clock';
export { createMemoryTabs } from './memory-tabs';
