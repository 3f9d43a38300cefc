import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type RunningService, startTestService } from '../support/test-service';
import { type Browser, CHROMIUM_PATH, type PageProblems, chromiumInstalled, launchChromium, watchPage } from './browser-support';
import { intakeAnswerFor } from '../support/intake-answers';

// The officers' console in a real browser, end to end: a citizen in Web Chat asks for an officer;
// an officer signed in at /console sees the ticket arrive without reload, with its due time and a
// running countdown, opens it, claims it and replies; the citizen's Web Chat shows the reply. Then
// an officer on a SECOND instance sharing the DATA_DIR (forced to change a one-time password first)
// resolves it; the citizen, connected to the first instance, gets that reply and the bot's
// hand-back message. A citizen message carrying a <script> tag shows as text and runs nothing.
// The steps run in order; after a failed step the rest fail at once instead of waiting.

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const WAIT_MS = 10_000;
const SEND_BOX = '[data-id="webchat-sendbox-input"]';
const BUBBLE = '#webchat .webchat__bubble__content';
const UNIT = 'pelayanan-kiriman';
const PASSWORD = 'kata-sandi-rahasia-1';
const NEW_PASSWORD = 'kata-sandi-baru-2026';
const NIK = '3174015501900001';
const NIK_MASKED = '••••••••••••0001';
const XSS = '<script>window.__xss=1</script>';
const FIRST_REPLY = 'Selamat siang, paket Anda sedang kami periksa di gudang.';
const SECOND_REPLY = 'Pemeriksaan selesai: paket Anda sudah dapat diambil di kantor pos.';

async function webChatShows(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    ({ selector, wanted }) => Array.from(document.querySelectorAll(selector)).some((bubble) => (bubble.textContent ?? '').includes(wanted)),
    { selector: BUBBLE, wanted: text },
    { timeout: WAIT_MS },
  );
}

async function sendToWebChat(page: Page, text: string): Promise<void> {
  const input = page.locator(SEND_BOX);
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(text);
  await input.press('Enter');
}

/** Answers the bot's intake questions in Web Chat (consent, the case's data, name, contact, summary) until the receipt shows. */
async function answerIntakeInWebChat(page: Page): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let answeredCount = 0;
  while (Date.now() < deadline) {
    const bubbles = await page.evaluate((selector) => Array.from(document.querySelectorAll(selector)).map((bubble) => bubble.textContent ?? ''), BUBBLE);
    if (bubbles.some((text) => /nomor tiket TP-/.test(text))) return;
    const last = bubbles.at(-1) ?? '';
    const answer = bubbles.length > answeredCount ? intakeAnswerFor(last) : undefined;
    if (answer !== undefined) {
      answeredCount = bubbles.length + 1;
      await sendToWebChat(page, answer);
    }
    await page.waitForTimeout(100);
  }
  throw new Error('answerIntakeInWebChat(): no ticket receipt in time');
}

/** The ticket's row in the console's queue. */
function queueRow(page: Page, number: string) {
  return page.locator('#queue-list .queue-item', { hasText: number });
}

async function signInToConsole(page: Page, username: string, password: string): Promise<void> {
  await page.locator('#sign-in-username').fill(username);
  await page.locator('#sign-in-password').fill(password);
  await page.locator('#sign-in-submit').click();
}

if (!chromiumInstalled()) {
  describe('the officers console in Chromium', () => {
    it(`is skipped: ${CHROMIUM_PATH} is not installed`, () => {
      console.warn(`tests/browser skipped: ${CHROMIUM_PATH} is not installed (apt-get install chromium); CI installs it and runs these tests.`);
    });
  });
} else {
  describe('the officers console in Chromium', () => {
    let first: RunningService;
    let second: RunningService | undefined;
    let browser: Browser;
    let secondBrowser: Browser | undefined;
    let citizen: Page;
    let officer: Page;
    let otherOfficer: Page | undefined;
    const problems: Array<{ page: string; problems: PageProblems }> = [];
    let reported = 0;
    let failedStep: string | undefined;
    let number = '';

    const allProblems = () =>
      problems.flatMap(({ page, problems: found }) => [...found.cspViolations.map((text) => `${page} CSP: ${text}`), ...found.pageErrors.map((text) => `${page} error: ${text}`)]);

    const screenshotAll = async (suffix: string) => {
      const pages: Array<[string, Page | undefined]> = [['citizen', citizen], ['officer', officer], ['second-officer', otherOfficer]];
      for (const [name, page] of pages) {
        if (page) await page.screenshot({ path: path.join(ARTIFACTS, `console-${suffix}-${name}.png`) }).catch(() => undefined);
      }
    };

    /** One step of the walk-through; CSP violations and page errors raised during it fail it. */
    const step = (name: string, body: () => Promise<void>, timeoutMs = 45_000) =>
      it(
        name,
        async () => {
          if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
          try {
            await body();
            const fresh = allProblems().slice(reported);
            reported += fresh.length;
            expect(fresh).toEqual([]);
          } catch (error) {
            failedStep = name;
            await screenshotAll('failure');
            throw error;
          }
        },
        timeoutMs,
      );

    const watch = async (name: string, page: Page) => {
      problems.push({ page: name, problems: await watchPage(page) });
    };

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      first = await startTestService();
      await first.service.accounts.createAccount({ username: 'rina', displayName: 'Rina Petugas', roles: ['officer'], unit: UNIT, password: PASSWORD }, 'test');
      browser = await launchChromium();
      citizen = await browser.context.newPage();
      officer = await browser.context.newPage();
      await watch('citizen', citizen);
      await watch('officer', officer);
    }, 30_000);

    afterAll(async () => {
      await secondBrowser?.close();
      await browser?.close();
      await second?.stop({ keepData: true });
      await first?.stop();
    });

    step('the officer signs in at /console and sees the live queue', async () => {
      await officer.goto(`${first.url}/console`, { waitUntil: 'load' });
      await officer.locator('#sign-in-form').waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await officer.locator('html').getAttribute('lang')).toBe('id');
      await officer.screenshot({ path: path.join(ARTIFACTS, 'console-sign-in.png') });

      await signInToConsole(officer, 'rina', 'salah-sekali-123');
      await officer.locator('#sign-in-error').waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await officer.locator('#sign-in-error').textContent()).toContain('Wrong username or password');

      await signInToConsole(officer, 'rina', PASSWORD);
      await officer.locator('#desk-view').waitFor({ state: 'visible', timeout: WAIT_MS });
      await officer.waitForFunction(() => document.getElementById('live')?.dataset.state === 'on', undefined, { timeout: WAIT_MS });
      expect(await officer.locator('#who').textContent()).toContain('Rina Petugas');
      // An officer of one unit follows that unit's queue only.
      expect(await officer.locator('#filter-unit').isDisabled()).toBe(true);
      expect(await officer.locator('#filter-unit').inputValue()).toBe(UNIT);
    });

    step('a citizen in Web Chat asks for an officer and sees the ticket number', async () => {
      await citizen.goto(`${first.url}/`, { waitUntil: 'load' });
      await webChatShows(citizen, 'GRATIS');
      await sendToWebChat(citizen, 'saya mau bicara dengan petugas, paket saya tertahan');
      await answerIntakeInWebChat(citizen);
      const receipt = await citizen.evaluate((selector) => Array.from(document.querySelectorAll(selector)).map((bubble) => bubble.textContent ?? '').join('\n'), BUBBLE);
      number = /nomor tiket (TP-\d{4}-\d{4})/.exec(receipt)?.[1] ?? '';
      expect(number).toMatch(/^TP-\d{4}-\d{4}$/);
    });

    step('the ticket appears in the console queue without a reload, with its due time and a countdown that runs', async () => {
      const row = queueRow(officer, number);
      await row.waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await row.getAttribute('data-sla')).toMatch(/^(on-track|warning|breached)$/);
      expect(await row.locator('.qi__due').textContent()).toMatch(/^(Min|Sen|Sel|Rab|Kam|Jum|Sab), \d{1,2} \w{3} \d{2}\.\d{2} WIT[A]?$/);
      const before = await row.locator('.qi__countdown').textContent();
      expect(before).toMatch(/^(sisa|lewat) (\d+ hari )?\d{2}:\d{2}:\d{2}$/);
      await officer.waitForFunction(
        ({ wanted, was }) =>
          Array.from(document.querySelectorAll('#queue-list .queue-item')).some(
            (item) => (item.textContent ?? '').includes(wanted) && item.querySelector('.qi__countdown')?.textContent !== was,
          ),
        { wanted: number, was: before },
        { timeout: 3000 },
      );
      expect(await officer.locator('#queue-count').textContent()).toBe('1');
      await officer.screenshot({ path: path.join(ARTIFACTS, 'console-queue.png') });
    });

    step("the officer opens the ticket, claims it and replies; the citizen's Web Chat shows the reply", async () => {
      await queueRow(officer, number).locator('button.qi').click();
      await officer.waitForFunction((wanted) => document.getElementById('t-number')?.textContent === wanted, number, { timeout: WAIT_MS });
      await officer.locator('#t-transcript .bubble--citizen', { hasText: 'paket saya tertahan' }).waitFor({ timeout: WAIT_MS });
      expect(await officer.locator('#t-due').textContent()).toMatch(/^Batas .* \d{4} \d{2}\.\d{2} WIT[A]?$/);
      // Suggested answers from the knowledge base, searched with the citizen's last message.
      await officer.locator('#kb-results .suggest__item').first().waitFor({ timeout: WAIT_MS });

      await officer.locator('#claim').click();
      await officer.waitForFunction(() => document.getElementById('t-holder')?.textContent === 'Ditangani Anda', undefined, { timeout: WAIT_MS });
      await officer.locator('#reply-text').fill(FIRST_REPLY);
      await officer.locator('#reply-send').click();
      await officer.locator('#t-transcript .bubble--officer', { hasText: FIRST_REPLY }).waitFor({ timeout: WAIT_MS });
      expect(await officer.locator('#reply-text').inputValue()).toBe('');
      await webChatShows(citizen, FIRST_REPLY);
      await officer.screenshot({ path: path.join(ARTIFACTS, 'console-ticket.png') });
      await citizen.screenshot({ path: path.join(ARTIFACTS, 'console-citizen.png') });
    });

    step('a citizen message with a <script> tag shows in the open ticket as text, live, and runs nothing', async () => {
      await sendToWebChat(citizen, XSS);
      const bubble = officer.locator('#t-transcript .bubble--citizen', { hasText: '__xss' });
      await bubble.waitFor({ timeout: WAIT_MS });
      expect(await bubble.locator('.bubble__text').textContent()).toBe(XSS);
      expect(await officer.locator('#t-transcript script').count()).toBe(0);
      expect(await officer.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await citizen.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      await officer.locator('#tab-note').click();
      await officer.locator('#note-text').fill('Warga mengirim tag script; diabaikan.');
      await officer.locator('#note-save').click();
      await officer.locator('#t-transcript .bubble--note', { hasText: 'tag script' }).waitFor({ timeout: WAIT_MS });
      await officer.locator('#tab-reply').click();
      await officer.screenshot({ path: path.join(ARTIFACTS, 'console-xss.png') });
    });

    step('an identity number the citizen types is masked in the console until "Tampilkan", and the reveal is recorded', async () => {
      await sendToWebChat(citizen, `NIK saya ${NIK}`);
      const bubble = officer.locator('#t-transcript .bubble--citizen', { hasText: 'NIK saya' });
      await bubble.waitFor({ timeout: WAIT_MS });
      expect(await bubble.textContent()).toContain(NIK_MASKED);
      expect(await officer.locator('#ticket').textContent()).not.toContain(NIK);
      await officer.locator('#reveal').click();
      await officer.waitForFunction((nik) => (document.getElementById('t-transcript')?.textContent ?? '').includes(nik), NIK, { timeout: WAIT_MS });
      expect(await officer.locator('#reveal').textContent()).toBe('Sembunyikan');
      await officer.locator('#t-transcript .line--reveal', { hasText: 'ditampilkan oleh Anda' }).waitFor({ timeout: WAIT_MS });
      await officer.locator('#reveal').click();
      await officer.waitForFunction((nik) => !(document.getElementById('t-transcript')?.textContent ?? '').includes(nik), NIK, { timeout: WAIT_MS });
      expect(await bubble.textContent()).toContain(NIK_MASKED);
    });

    step('a ticket from a channel the reply cannot reach: masked data revealed, the failed reply shown with a retry button, and an escalation', async () => {
      const ticket = await first.service.desk.openTicket({
        channelId: 'telegram',
        conversationId: 'tg-conversation-1',
        conversationReference: {},
        citizenName: 'Budi',
        topic: 'consignment.held_documents',
        unit: UNIT,
        collectedData: { nik: NIK, trackingNumber: 'RR123456785ID' },
        receivedAt: new Date(),
        transcript: [{ from: 'citizen', text: 'paket kiriman saya tertahan, kapan bisa diambil?', at: new Date() }],
      });
      const row = queueRow(officer, ticket.number);
      await row.waitFor({ timeout: WAIT_MS });
      // The channel filter narrows the queue to Telegram tickets.
      await officer.locator('#filter-channel').selectOption('telegram');
      await officer.waitForFunction(() => document.querySelectorAll('#queue-list .queue-item').length === 1, undefined, { timeout: WAIT_MS });
      expect(await queueRow(officer, number).count()).toBe(0);
      await officer.locator('#filter-channel').selectOption('');
      await queueRow(officer, number).waitFor({ timeout: WAIT_MS });

      await row.locator('button.qi').click();
      await officer.waitForFunction((wanted) => document.getElementById('t-number')?.textContent === wanted, ticket.number, { timeout: WAIT_MS });
      const nik = officer.locator('#t-data dd[data-field="nik"]');
      expect(await nik.textContent()).toBe(NIK_MASKED);
      await officer.locator('#reveal').click();
      await officer.waitForFunction((wanted) => document.querySelector('#t-data dd[data-field="nik"]')?.textContent === wanted, NIK, { timeout: WAIT_MS });
      await officer.locator('#reveal').click();
      expect(await nik.textContent()).toBe(NIK_MASKED);

      await officer.locator('#reply-text').fill('Mohon tunggu, kami periksa.');
      await officer.locator('#reply-send').click();
      await officer.locator('#t-transcript .bubble--failed [data-retry]').waitFor({ timeout: WAIT_MS });
      // The text stays in the box after a failure, so nothing typed is lost.
      expect(await officer.locator('#reply-text').inputValue()).toBe('Mohon tunggu, kami periksa.');
      await officer.locator('#t-transcript .bubble--failed [data-retry]').first().click();
      await officer.waitForFunction(() => document.querySelectorAll('#t-transcript .bubble--failed').length === 2, undefined, { timeout: WAIT_MS });

      await officer.locator('#tab-escalate').click();
      await officer.locator('#escalate-hop').selectOption('coordinator');
      await officer.locator('#escalate-note').fill('Perlu keputusan koordinator soal dokumen.');
      await officer.locator('#escalate-send').click();
      await officer.locator('#t-transcript .line--escalation', { hasText: 'koordinator' }).waitFor({ timeout: WAIT_MS });
      await officer.waitForFunction(() => document.querySelector('#t-meta .status')?.textContent === 'Dieskalasi', undefined, { timeout: WAIT_MS });
      expect(await officer.locator('#t-sla-label').textContent()).toContain('Jalur eskalasi');
      await officer.locator('#reply-text').fill('');
      await officer.screenshot({ path: path.join(ARTIFACTS, 'console-failed.png') });
      await queueRow(officer, number).locator('button.qi').click();
      await officer.waitForFunction((wanted) => document.getElementById('t-number')?.textContent === wanted, number, { timeout: WAIT_MS });
    });

    step("from a second instance on the same DATA_DIR, a coordinator with a one-time password changes it, resolves the ticket, and the citizen's Web Chat on the first instance shows the reply and the hand-back", async () => {
      second = await startTestService({}, first.dataDir);
      const created = await second.service.accounts.createAccount({ username: 'dewi', displayName: 'Dewi Koordinator', roles: ['coordinator'] }, 'test');
      // A second browser: cookies are per host, not per port, so one browser would share the session cookie.
      secondBrowser = await launchChromium();
      otherOfficer = await secondBrowser.context.newPage();
      await watch('second-officer', otherOfficer);
      await otherOfficer.goto(`${second.url}/console`, { waitUntil: 'load' });
      await otherOfficer.locator('#sign-in-form').waitFor({ state: 'visible', timeout: WAIT_MS });
      await signInToConsole(otherOfficer, 'dewi', created.oneTimePassword as string);
      await otherOfficer.locator('#password-form').waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await otherOfficer.locator('#password-current-field').isHidden()).toBe(true);
      await otherOfficer.locator('#password-new').fill(NEW_PASSWORD);
      await otherOfficer.locator('#password-repeat').fill(NEW_PASSWORD);
      await otherOfficer.screenshot({ path: path.join(ARTIFACTS, 'console-password.png') });
      await otherOfficer.locator('#password-submit').click();
      await otherOfficer.locator('#desk-view').waitFor({ state: 'visible', timeout: WAIT_MS });

      const row = queueRow(otherOfficer, number);
      await row.waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await row.locator('.qi__due').textContent()).toMatch(/\d{2}\.\d{2} WIT[A]?$/);
      await row.locator('button.qi').click();
      await otherOfficer.waitForFunction((wanted) => document.getElementById('t-number')?.textContent === wanted, number, { timeout: WAIT_MS });
      await otherOfficer.locator('#t-transcript .bubble--officer', { hasText: FIRST_REPLY }).waitFor({ timeout: WAIT_MS });
      expect(await otherOfficer.locator('#t-holder').textContent()).toBe('Ditangani Rina Petugas');
      await otherOfficer.locator('#reply-text').fill(SECOND_REPLY);
      await otherOfficer.locator('#reply-resolve').click();
      await otherOfficer.locator('#t-transcript .bubble--officer', { hasText: SECOND_REPLY }).waitFor({ timeout: WAIT_MS });

      await webChatShows(citizen, SECOND_REPLY);
      await webChatShows(citizen, `Petugas telah menyelesaikan tiket ${number}`);
      // The first instance's console learns of it without reload.
      await officer.waitForFunction(() => document.querySelector('#t-meta .status')?.textContent === 'Dijawab', undefined, { timeout: WAIT_MS });
      await queueRow(officer, number).locator('.status--answered').waitFor({ timeout: WAIT_MS });
      await otherOfficer.screenshot({ path: path.join(ARTIFACTS, 'console-second.png') });
      await officer.screenshot({ path: path.join(ARTIFACTS, 'console-answered.png') });
      await citizen.screenshot({ path: path.join(ARTIFACTS, 'console-citizen-resolved.png') });
    });

    it('logs no console errors on the way but the answers the steps provoke (401 before sign-in and for the wrong password, 502 for the unreachable channel)', () => {
      const expected = /^Failed to load resource: the server responded with a status of (401 \(Unauthorized\)|502 \(Bad Gateway\))$/;
      const unexpected = problems.flatMap(({ page, problems: found }) => found.consoleErrors.filter((text) => !expected.test(text)).map((text) => `${page}: ${text}`));
      expect(unexpected).toEqual([]);
    });
  });
}
