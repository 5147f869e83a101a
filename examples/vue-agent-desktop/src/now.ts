import { type Ref, readonly, ref, watch } from 'vue';

/** The current time, refreshed every `everyMs()` milliseconds while that is not null (and held still when it is). */
export function useNow(everyMs: () => number | null): Readonly<Ref<number>> {
  const now = ref(Date.now());
  watch(
    everyMs,
    (interval, _previous, onCleanup) => {
      if (interval === null) return;
      now.value = Date.now();
      const timer = setInterval(() => {
        now.value = Date.now();
      }, interval);
      onCleanup(() => clearInterval(timer));
    },
    { immediate: true },
  );
  return readonly(now);
}
