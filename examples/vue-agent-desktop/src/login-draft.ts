import { type InjectionKey, inject, provide, type Ref, ref } from 'vue';
import { DEFAULT_LOGIN, type LoginFormValues } from '../../shared/login-form';

/*
 * The login form as typed, kept above the session so it survives a new one (the inspector switch). It is
 * handed down by provide/inject, never as a prop: Vue's development warnings print a component's props,
 * and this holds the password.
 */
const LOGIN_DRAFT: InjectionKey<Ref<LoginFormValues>> = Symbol('login form draft');

/** Creates the draft, prefilled for the simulator's alice, for this component and those below it. */
export function provideLoginDraft(): Ref<LoginFormValues> {
  const draft = ref<LoginFormValues>({ ...DEFAULT_LOGIN });
  provide(LOGIN_DRAFT, draft);
  return draft;
}

/** The draft `provideLoginDraft()` made above this component. */
export function useLoginDraft(): Ref<LoginFormValues> {
  const draft = inject(LOGIN_DRAFT, null);
  if (!draft) throw new Error('useLoginDraft() needs provideLoginDraft() in a component above.');
  return draft;
}
