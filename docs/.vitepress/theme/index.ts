import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import WireExample from './WireExample.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('WireExample', WireExample);
  },
} satisfies Theme;
