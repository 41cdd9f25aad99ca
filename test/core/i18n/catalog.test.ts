import { describe, expect, it } from 'vitest';
import { en } from '../../../src/core/i18n/en.js';
import { LANGS, t, tDynamic } from '../../../src/core/i18n/index.js';
import { zhCN } from '../../../src/core/i18n/zh-CN.js';

// zh-CN is typed as the English catalog, so a missing key fails `npm run typecheck`; this checks the
// same at run time and that every template renders with the parameters it declares.
const anyParams = new Proxy(
  {},
  { get: (_t, key) => (key === 'options' || key === 'count' ? 2 : `‹${String(key)}›`) },
);

describe('the message catalogs', () => {
  it('have the same keys in English and Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('render every message in every language, without undefined holes', () => {
    for (const lang of LANGS) {
      for (const key of Object.keys(en)) {
        const text = tDynamic(lang, key, anyParams);
        expect(text, `${lang} ${key}`).not.toMatch(/undefined|\[object Object\]/);
        expect(text.length, `${lang} ${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('are really translated: most Chinese messages differ from the English ones', () => {
    const same = Object.keys(en).filter(
      (k) => tDynamic('en', k, anyParams) === tDynamic('zh-CN', k, anyParams),
    );
    // Only language-neutral lines (e.g. ✓/✗ templates) may be the same.
    expect(same.length).toBeLessThan(6);
  });

  it('fill parameters in', () => {
    expect(t('en', 'command.unknown', { name: 'foo' })).toBe(
      'Unknown command /foo. Send /help to see what I can do.',
    );
    expect(t('zh-CN', 'ping.pong', { ms: 3 })).toBe('pong（3 毫秒）');
  });
});
