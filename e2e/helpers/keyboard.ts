import type { Locator, Page } from 'playwright-core';

/**
 * Keyboard-only driving: moving the focus with Tab / Shift+Tab the way a keyboard user does (no
 * clicks, no `focus()` calls), and checking that the focused control shows it has the focus.
 */

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses, naming
 * what had the focus last, so an unreachable control is reported as such.
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 80 } = {}): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < max; presses += 1) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  if (await isFocused(target)) return;
  const last = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `<${el.tagName.toLowerCase()}> ${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 60) ?? ''}` : 'nothing';
  });
  throw new Error(`${target} is not reachable with ${backwards ? 'Shift+Tab' : 'Tab'} in ${max} presses (focus ended on ${last})`);
}

/**
 * Whether the focused control visibly shows it has the focus: it matches `:focus-visible` (the
 * browser's "show a focus ring now", true after keyboard moves), and its outline, shadow, border
 * or background, or those of the field box around it (up to 3 levels up), differ from how it
 * looks without the focus. Measured by blurring it and focusing it again, with transitions off
 * for that moment so that the styles compared are the end states. Returns what changed.
 */
export async function focusIndicator(page: Page): Promise<{ element: string; focusVisible: boolean; changes: string[] }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { element: 'body', focusVisible: false, changes: [] };
    const element = `<${el.tagName.toLowerCase()}${el.getAttribute('role') ? ` role=${el.getAttribute('role')}` : ''}> ${el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 60)}`;
    const focusVisible = el.matches(':focus-visible');
    const noTransitions = document.createElement('style');
    noTransitions.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(noTransitions);
    const chain: HTMLElement[] = [];
    for (let node: HTMLElement | null = el; node && chain.length < 4; node = node.parentElement) chain.push(node);
    const props = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'borderTopColor', 'backgroundColor'] as const;
    const look = () => chain.map((node) => { const style = getComputedStyle(node); return props.map((prop) => style[prop]); });
    const focused = look();
    el.blur();
    const unfocused = look();
    el.focus();
    noTransitions.remove();
    const changes: string[] = [];
    chain.forEach((node, level) =>
      props.forEach((prop, i) => {
        if (focused[level][i] !== unfocused[level][i]) changes.push(`${level ? `ancestor ${level} ` : ''}${prop}: ${unfocused[level][i]} → ${focused[level][i]}`);
      })
    );
    return { element, focusVisible, changes };
  });
}
