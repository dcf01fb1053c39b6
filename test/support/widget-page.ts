import { Page } from 'playwright-core';
import { WAIT_MS } from './browser';

/** The parts of `<zendo-chat>` on `page` that the widget's browser specs drive. */
export function widget(page: Page) {
  const root = page.locator('zendo-chat');
  return {
    root,
    launcher: root.locator('[part="launcher"]'),
    panel: root.locator('[part="panel"]'),
    composer: root.locator('[part="composer"] textarea'),
    picker: root.locator('[part="composer"] input[type="file"]'),
    messages: root.locator('[part="message"]'),
    log: root.locator('.log'),
  };
}

/** Opens the panel; fails with the widget's own message when it shows an error instead of the composer. */
export async function openPanel(page: Page): Promise<void> {
  const { launcher, composer } = widget(page);
  await launcher.click({ timeout: WAIT_MS });
  const alert = page.locator('zendo-chat [role="alert"]');
  await composer.or(alert).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  if (await alert.first().isVisible()) {
    throw new Error(`the widget shows "${await alert.first().innerText()}" instead of the composer`);
  }
}

/** Types into the composer and sends with Enter; resolves once the message shows as delivered. */
export async function send(page: Page, body: string): Promise<void> {
  const { composer } = widget(page);
  await composer.fill(body);
  await composer.press('Enter');
  await page
    .locator('zendo-chat [part="message"].visitor:not(.pending):not(.failed)', { hasText: body })
    .waitFor({ timeout: WAIT_MS });
}
