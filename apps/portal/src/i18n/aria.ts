/**
 * antd's own accessible names that its locale leaves in English: an icon's `aria-label` is the icon's
 * name ("bell", "down", "calendar"), a clear button says "Clear", a number input "Increase Value", a
 * table "Select all". A screen reader would read them aloud on a Chinese page. This observer, set up
 * once, hides decorative icons from assistive technology (the control around them carries the name:
 * its text or its own aria-label) and says antd's fixed labels in the page's language.
 */
const WORDS: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  Clear: { 'zh-CN': '清除', 'en-US': 'Clear' },
  'Increase Value': { 'zh-CN': '增加', 'en-US': 'Increase Value' },
  'Decrease Value': { 'zh-CN': '减少', 'en-US': 'Decrease Value' },
  'Select all': { 'zh-CN': '全选', 'en-US': 'Select all' },
  'Custom selection': { 'zh-CN': '选择方式', 'en-US': 'Custom selection' },
  Close: { 'zh-CN': '关闭', 'en-US': 'Close' },
  'Expand row': { 'zh-CN': '展开', 'en-US': 'Expand row' },
  'Collapse row': { 'zh-CN': '收起', 'en-US': 'Collapse row' },
};
const BY_ANY = new Map<string, string>();
for (const [key, w] of Object.entries(WORDS)) for (const v of [key, w['zh-CN'], w['en-US']]) BY_ANY.set(v, key);

function fix(el: Element): void {
  const label = el.getAttribute('aria-label');
  if (label === null) return;
  if (el.classList.contains('anticon') && el.getAttribute('role') === 'img') {
    el.removeAttribute('aria-label');
    el.setAttribute('aria-hidden', 'true');
    return;
  }
  const key = BY_ANY.get(label);
  if (!key) return;
  const lang = document.documentElement.lang === 'en-US' ? 'en-US' : 'zh-CN';
  const wanted = WORDS[key][lang];
  if (label !== wanted) el.setAttribute('aria-label', wanted);
}

function fixTree(root: Element): void {
  fix(root);
  for (const el of root.querySelectorAll('[aria-label]')) fix(el);
}

export function localiseAntdAria(): void {
  fixTree(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element) fix(r.target);
      for (const node of r.addedNodes) if (node instanceof Element) fixTree(node);
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
}
