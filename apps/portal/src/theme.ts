import type { ThemeConfig } from 'antd';

/**
 * The portal's colours. The bureau's red is the brand: the logo and the title only. Focus, selection,
 * links and primary buttons are a calm blue, so a valid, focused field never looks like an error
 * (antd's error red stays the colour of errors alone). Contrast on white: PRIMARY 7.0:1, BRAND_RED 6.3:1
 * (both above WCAG AA's 4.5:1 for text; white text on a PRIMARY button is the same 7.0:1).
 */
export const BRAND_RED = '#c8102e';
export const PRIMARY = '#1d5b9b';

export const THEME: ThemeConfig = {
  token: { colorPrimary: PRIMARY, colorLink: PRIMARY, colorInfo: PRIMARY },
};
