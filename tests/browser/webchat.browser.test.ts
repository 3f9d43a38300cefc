import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type RunningService, startTestService } from '../support/test-service';
import { type Browser, type PageProblems, chromiumInstalled, launchChromium, watchPage } from './browser-support';

// The citizen's page in a real browser: official Web Chat bundle, our Direct Line endpoint over a
// WebSocket, the strict CSP, a reload that resumes the conversation, and the language switch.

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const WAIT_MS = 15_000;

const SEND_BOX = '[data-id="webchat-sendbox-input"]';

/** Resolves once the Web Chat transcript (inside #webchat) shows the text. */
async function transcriptShows(page: Page, text: string): Promise<void> {
  await page.waitForFunction((wanted) => (document.querySelector('#webchat')?.textContent ?? '').includes(wanted), text, { timeout: WAIT_MS });
}

async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.locator(SEND_BOX);
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(text);
  await input.press('Enter');
}

function savedConversationId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const saved = JSON.parse(sessionStorage.getItem('tanya-pabean.conversation') ?? 'null') as { conversationId?: string } | null;
    return saved?.conversationId;
  });
}

/** Occurrences of a text in the transcript: a resumed conversation shows its history exactly once. */
function countInTranscript(page: Page, text: string): Promise<number> {
  return page.evaluate((wanted) => (document.querySelector('#webchat')?.textContent ?? '').split(wanted).length - 1, text);
}

function describeProblems(problems: PageProblems): string {
  return JSON.stringify(problems, null, 2);
}

if (!chromiumInstalled()) {
  describe('the citizen web chat page in Chromium', () => {
    it('is skipped: /usr/bin/chromium is not installed', () => {
      console.warn('tests/browser skipped: /usr/bin/chromium is not installed (apt-get install chromium); CI installs it and runs these tests.');
    });
  });
} else {
  describe('the citizen web chat page in Chromium', () => {
    let running: RunningService;
    let browser: Browser;
    let page: Page;
    let problems: PageProblems;
    let conversationId: string | undefined;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      running = await startTestService();
      browser = await launchChromium();
      page = await browser.context.newPage();
      problems = await watchPage(page);
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      await running?.stop();
    });

    afterEach(() => {
      // Any CSP violation or uncaught page error fails the step in which it happened.
      expect({ cspViolations: problems.cspViolations, pageErrors: problems.pageErrors }).toEqual({ cspViolations: [], pageErrors: [] });
    });

    it('shows the office name in the Indonesian header', async () => {
      await page.goto(`${running.url}/`, { waitUntil: 'load' });
      const settings = (await (await fetch(`${running.url}/api/webchat/settings`)).json()) as { officeName: string; serviceHours: { id: string } };
      await page.waitForFunction((office) => document.getElementById('office-name')?.textContent === office, settings.officeName, { timeout: WAIT_MS });
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      expect(await page.locator('header.banner h1').textContent()).toBe('Tanya Pabean');
      expect(await page.locator('header.banner').textContent()).toContain(settings.officeName);
      expect(await page.locator('body').textContent()).toContain(settings.serviceHours.id);
      expect(await page.locator('body').textContent()).toMatch(/gratis/i);
    });

    it('receives the bot welcome in Web Chat with Indonesian Web Chat strings', async () => {
      await transcriptShows(page, 'GRATIS');
      expect(await page.locator(SEND_BOX).getAttribute('placeholder')).toBe('Ketik pesan Anda');
      conversationId = await savedConversationId(page);
      expect(conversationId).toBeTruthy();
    });

    it('sends "halo" from the send box and shows the bot reply', async () => {
      await sendMessage(page, 'halo');
      await transcriptShows(page, 'Ada yang bisa kami bantu');
      expect(await countInTranscript(page, 'halo')).toBeGreaterThanOrEqual(1);
      // Let the send status settle before the picture is taken.
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });
    });

    it('shows the same conversation history again after a reload', async () => {
      await page.reload({ waitUntil: 'load' });
      await transcriptShows(page, 'Ada yang bisa kami bantu');
      await transcriptShows(page, 'halo');
      expect(await savedConversationId(page)).toBe(conversationId);
      expect(await countInTranscript(page, 'Ada yang bisa kami bantu')).toBe(1);
      expect(await countInTranscript(page, 'tidak dipungut biaya apa pun')).toBe(1);
    });

    it('switches the page and the bot to English with the English button', async () => {
      await page.locator('button[data-language="en"]').click();
      await transcriptShows(page, 'continue in English');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('header.banner h1').textContent()).toBe('Ask Customs');
      expect(await page.locator('button[data-language="en"]').getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('body').textContent()).toContain('Free of charge');
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.getAttribute('placeholder') === 'Type your message',
        SEND_BOX,
        { timeout: WAIT_MS },
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-en.png') });
    });

    it('fits a phone-width screen without sideways scrolling', async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const box = await page.locator(SEND_BOX).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(740);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-phone.png') });
    });

    it('reports no console errors', () => {
      expect(problems.consoleErrors).toEqual([]);
      if (problems.consoleErrors.length) console.warn(describeProblems(problems));
    });
  });
}
