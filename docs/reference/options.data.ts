/**
 * Read when the site is built (and again in `pnpm run docs` when these files change): every option of
 * `ScreenRecordingOptions` and every parameter of `login()`, with what each refuses, from the code
 * (see docs/.vitepress/options-reference.ts).
 */
import { defineLoader } from 'vitepress';
import {
  type OptionRow,
  optionRows,
  type ParameterRefusal,
  type ParameterRow,
  parameterRefusals,
  parameterRows,
} from '../.vitepress/options-reference';

export interface OptionsReference {
  options: OptionRow[];
  parameters: ParameterRow[];
  parameterRefusals: ParameterRefusal[];
}

declare const data: OptionsReference;

export { data };

export default defineLoader({
  watch: [
    '../../packages/core/src/types.ts',
    '../../packages/core/src/options.ts',
    '../.vitepress/options-reference.ts',
  ],
  async load(): Promise<OptionsReference> {
    return {
      options: optionRows(),
      parameters: parameterRows(),
      parameterRefusals: await parameterRefusals(),
    };
  },
});
