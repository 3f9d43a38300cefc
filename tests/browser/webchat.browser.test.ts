import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { intakeAnswerFor } from '../support/intake-answers';
import { type RunningService, startTestService } from '../support/test-service';
import { type Browser, CHROMIUM_PATH, type PageProblems, chromiumInstalled, launchChromium, watchPage } from './browser-support';

// The citizen's page in a real browser: the official Web Chat bundle, our Direct Line endpoint over
// a WebSocket, the strict CSP, a reload that resumes the conversation, and the language switch.
// The steps run in order on one page; after a failed step the rest fail at once instead of waiting.

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const WAIT_MS = 10_000;
const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const BUBBLE = '#webchat .webchat__bubble__content';

/** Resolves once a message bubble in the Web Chat transcript shows the text. */
async function transcriptShows(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    ({ selector, wanted }) => Array.from(document.querySelectorAll(selector)).some((bubble) => (bubble.textContent ?? '').includes(wanted)),
    { selector: BUBBLE, wanted: text },
    { timeout: WAIT_MS },
  );
}

/** How many message bubbles show the text: a resumed conversation shows its history exactly once. */
function bubblesWith(page: Page, text: string): Promise<number> {
  return page.evaluate(
    ({ selector, wanted }) => Array.from(document.querySelectorAll(selector)).filter((bubble) => (bubble.textContent ?? '').includes(wanted)).length,
    { selector: BUBBLE, wanted: text },
  );
}

/** Web Chat hides its connectivity status ("Menyambungkan…") once the Direct Line stream is online. */
async function webChatConnected(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('#webchat .webchat__connectivityStatus'), undefined, { timeout: WAIT_MS });
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

/** A button of the bot's suggested actions (the toolbar above the send box). */
function suggestedAction(page: Page, title: string) {
  return page.getByRole('toolbar').getByRole('button', { name: title, exact: true });
}

/** Answers the bot's remaining intake questions (consent, name, contact, summary) until the ticket receipt shows. */
async function answerIntake(page: Page): Promise<void> {
  const deadline = Date.now() + WAIT_MS * 2;
  let answeredCount = 0;
  while (Date.now() < deadline) {
    const bubbles = await page.evaluate((selector) => Array.from(document.querySelectorAll(selector)).map((bubble) => bubble.textContent ?? ''), BUBBLE);
    if (bubbles.some((text) => /nomor tiket TP-/.test(text))) return;
    const answer = bubbles.length > answeredCount ? intakeAnswerFor(bubbles.at(-1) ?? '') : undefined;
    if (answer !== undefined) {
      answeredCount = bubbles.length + 1;
      await sendMessage(page, answer);
    }
    await page.waitForTimeout(100);
  }
  throw new Error('answerIntake(): no ticket receipt in time');
}

async function bodyText(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

if (!chromiumInstalled()) {
  describe('the citizen web chat page in Chromium', () => {
    it(`is skipped: ${CHROMIUM_PATH} is not installed`, () => {
      console.warn(`tests/browser skipped: ${CHROMIUM_PATH} is not installed (apt-get install chromium); CI installs it and runs these tests.`);
    });
  });
} else {
  describe('the citizen web chat page in Chromium', () => {
    let running: RunningService;
    let browser: Browser;
    let page: Page;
    let problems: PageProblems;
    let conversationId: string | undefined;
    let officeName = '';
    let serviceHours = { id: '', en: '' };
    let failedStep: string | undefined;
    let reported = { cspViolations: 0, pageErrors: 0 };

    /** One step of the walk-through; CSP violations and page errors raised during it fail it. */
    const step = (name: string, body: () => Promise<void>) =>
      it(name, async () => {
        if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
        try {
          await body();
          const fresh = {
            cspViolations: problems.cspViolations.slice(reported.cspViolations),
            pageErrors: problems.pageErrors.slice(reported.pageErrors),
          };
          reported = { cspViolations: problems.cspViolations.length, pageErrors: problems.pageErrors.length };
          expect(fresh).toEqual({ cspViolations: [], pageErrors: [] });
        } catch (error) {
          failedStep = name;
          if (page) await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-failure.png') }).catch(() => undefined);
          throw error;
        }
      });

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      running = await startTestService();
      const settings = (await (await fetch(`${running.url}/api/webchat/settings`)).json()) as { officeName: string; serviceHours: { id: string; en: string } };
      officeName = settings.officeName;
      serviceHours = settings.serviceHours;
      browser = await launchChromium();
      page = await browser.context.newPage();
      problems = await watchPage(page);
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      await running?.stop();
    });

    step('shows the office name, the free-of-charge notice and the service hours in Indonesian', async () => {
      await page.goto(`${running.url}/`, { waitUntil: 'load' });
      if (!(await page.evaluate(() => Boolean((window as unknown as { WebChat?: unknown }).WebChat)))) {
        throw new Error(`window.WebChat is missing: /webchat/vendor/webchat.js did not run. Console errors: ${problems.consoleErrors.join(' | ')}`);
      }
      await page.waitForFunction((office) => document.getElementById('office-name')?.textContent === office, officeName, { timeout: WAIT_MS });
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      expect(await page.locator('header.banner h1').textContent()).toBe('Tanya Pabean');
      expect(await page.locator('header.banner').innerText()).toContain(officeName);
      const text = await bodyText(page);
      expect(text).toContain('GRATIS');
      expect(text).toContain(serviceHours.id);
      expect(text).toContain('Pengaduan');
    });

    step('shows the bot welcome in Web Chat, whose own strings are Indonesian', async () => {
      await transcriptShows(page, 'GRATIS');
      await webChatConnected(page);
      expect(await page.locator(SEND_BOX).getAttribute('placeholder')).toBe('Ketik pesan Anda');
      conversationId = await savedConversationId(page);
      expect(conversationId).toBeTruthy();
    });

    step('sends "halo" from the send box and shows the bot reply', async () => {
      await sendMessage(page, 'halo');
      await transcriptShows(page, 'Ada yang bisa kami bantu');
      expect(await bubblesWith(page, 'halo')).toBe(1);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });
    });

    step('shows the same conversation again after a reload', async () => {
      await page.reload({ waitUntil: 'load' });
      await transcriptShows(page, 'Ada yang bisa kami bantu');
      await webChatConnected(page);
      expect(await savedConversationId(page)).toBe(conversationId);
      expect(await bubblesWith(page, 'halo')).toBe(1);
      expect(await bubblesWith(page, 'Ada yang bisa kami bantu')).toBe(1);
      expect(await bubblesWith(page, 'tidak dipungut biaya apa pun')).toBe(1);
    });

    step('switches the page, Web Chat and the bot to English with the English button', async () => {
      await page.locator('button[data-language="en"]').click();
      await transcriptShows(page, 'continue in English');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('header.banner h1').textContent()).toBe('Ask Customs');
      expect(await page.locator('button[data-language="en"]').getAttribute('aria-pressed')).toBe('true');
      const text = await bodyText(page);
      expect(text).toContain('Free of charge');
      expect(text).toContain(serviceHours.en);
      expect(text).toContain('Complaints');
      await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('placeholder') === 'Type your message', SEND_BOX, {
        timeout: WAIT_MS,
      });
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-en.png') });
    });

    step('fits a phone-width screen with the send box in view and no sideways scrolling', async () => {
      await page.setViewportSize({ width: 375, height: 667 });
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const sendBox = await page.locator(SEND_BOX).boundingBox();
      expect(sendBox).not.toBeNull();
      expect(sendBox!.y + sendBox!.height).toBeLessThanOrEqual(667);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-phone.png') });
    });

    describe('a question, "Tidak", the intake and the ticket, on a fresh page', () => {
      let journey: Page;
      let journeyProblems: PageProblems;

      step('a question is answered at once, with the "Apakah jawaban ini membantu?" buttons', async () => {
        journey = await browser.context.newPage();
        journeyProblems = await watchPage(journey);
        // The language choice of the walk above is remembered per browser: start this one in Indonesian.
        await journey.addInitScript(() => localStorage.setItem('tanya-pabean.language', 'id'));
        await journey.goto(`${running.url}/`, { waitUntil: 'load' });
        await transcriptShows(journey, 'GRATIS');
        await webChatConnected(journey);
        await sendMessage(journey, 'bagaimana cara cek status paket luar negeri di bea cukai?');
        await transcriptShows(journey, 'beacukai.go.id/barangkiriman');
        await suggestedAction(journey, 'Tidak').waitFor({ timeout: WAIT_MS });
      });

      step('"Tidak" offers to rephrase or to talk to an officer; the officer button starts the intake', async () => {
        await suggestedAction(journey, 'Tidak').click();
        await suggestedAction(journey, 'Bicara dengan petugas').waitFor({ timeout: WAIT_MS });
        await suggestedAction(journey, 'Bicara dengan petugas').click();
        await transcriptShows(journey, 'Berapa nomor resi kiriman Anda?');
      });

      step('a tracking number with a wrong check digit gets the specific hint; the right one is taken', async () => {
        await sendMessage(journey, 'RR123456789ID');
        await transcriptShows(journey, 'memiliki angka pemeriksa');
        await sendMessage(journey, 'RR123456785ID');
        await answerIntake(journey);
        const text = await bodyText(journey);
        expect(text).toMatch(/nomor tiket TP-\d{4}-\d{4}\. Jawaban paling lambat (Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WITA/);
        expect(text).toMatch(/GRATIS/);
        // The summary masked the phone number; the full number never came back from the bot.
        expect(text).toContain('+62812••••7890');
        expect(journeyProblems.pageErrors).toEqual([]);
      });

      afterAll(async () => {
        await journey?.close();
      });
    });

    it('logs no console errors on the way', () => {
      expect(problems.consoleErrors).toEqual([]);
    });
  });
}
