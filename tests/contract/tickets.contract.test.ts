import { StaleTicketError, type TicketEvent, type TicketRecord, type TicketStatus } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';
import { forEachBackend } from './storage-backends';
import { pause, startChildProcess, startTogether } from './sqlite-child-process';

type NewTicket = Omit<TicketRecord, 'revision'>;

const HOUR = 3_600_000;
const clockStart = new Date('2026-12-01T01:00:00.000Z');
const at = (hours: number) => new Date(clockStart.getTime() + hours * HOUR);

function newTicket(n: number, overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    ticketId: `ticket-${n}`,
    number: `TP-2612-${String(n).padStart(4, '0')}`,
    channelId: 'webchat',
    conversationId: `conv-${n}`,
    conversationReference: { channelId: 'webchat', conversation: { id: `conv-${n}` }, serviceUrl: 'http://127.0.0.1:3978' },
    citizenName: 'Siti Aminah',
    topic: 'passenger.allowance',
    unit: 'KPU Soekarno-Hatta',
    collectedData: { email: 'siti@example.test', nik: 'enc:v1:opaque' },
    status: 'queued',
    receivedAt: clockStart,
    track: 'direct',
    clockStartsAt: clockStart,
    dueAt: at(8),
    calendarVersion: 'id-2026.1',
    createdAt: clockStart,
    updatedAt: clockStart,
    ...overrides,
  };
}

/**
 * A second OS process on the same SQLite file: it loads the backend's TypeScript sources through
 * the TypeScript compiler (transpile only), waits for the agreed start time, runs its job and prints
 * the result as JSON on its last line.
 */
const CHILD_SOURCE = `
const fs = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
const job = JSON.parse(process.argv[1]);
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
const { SqliteBackend } = require(job.backendModule);
const backend = SqliteBackend.open({ dataDir: job.dataDir, fileName: job.fileName });
process.stdout.write('ready\\n');
let input = '';
process.stdin.on('data', async (chunk) => {
  input += chunk;
  if (!input.includes('\\n')) return;
  process.stdin.pause();
  const { startAt } = JSON.parse(input);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const result = [];
  if (job.kind === 'numbers') {
    for (let i = 0; i < job.count; i += 1) {
      result.push(await backend.tickets.nextNumber(job.scope));
      await pause();
    }
  } else {
    for (;;) {
      const claimed = await backend.tickets.claimDeadlines(job.claim, new Date(job.now), job.warnFraction, job.limit);
      if (claimed.length === 0) break;
      result.push(...claimed.map((ticket) => ticket.ticketId));
      await pause();
    }
  }
  await backend.close();
  process.stdout.write(JSON.stringify(result) + '\\n');
});
`;

type ChildJob =
  | { kind: 'numbers'; scope: string; count: number }
  | { kind: 'claims'; claim: 'warning' | 'breach'; now: number; warnFraction: number; limit: number };


const range = (count: number) => Array.from({ length: count }, (_unused, index) => index + 1);

forEachBackend('TicketRepository', (name, getBackend) => {
  const tickets = () => getBackend().tickets;

  describe('creating and reading', () => {
    test('when a ticket is created, then it reads back by id and by number at revision 1', async () => {
      const created = await tickets().create(newTicket(1, { assigneeId: 'officer-1' }));

      expect(created).toEqual({ ...newTicket(1, { assigneeId: 'officer-1' }), revision: 1 });
      await expect(tickets().get('ticket-1')).resolves.toEqual(created);
      await expect(tickets().getByNumber('TP-2612-0001')).resolves.toEqual(created);
      const found = await tickets().get('ticket-1');
      expect(found?.dueAt).toBeInstanceOf(Date);
      expect(found?.dueAt.getTime()).toBe(at(8).getTime());
    });

    test('when a ticket has no optional fields, then it reads back without them', async () => {
      const { citizenName: _name, topic: _topic, ...bare } = newTicket(1);

      await tickets().create(bare);
      const found = await tickets().get('ticket-1');

      expect(found).toEqual({ ...bare, revision: 1 });
      for (const field of ['citizenName', 'topic', 'assigneeId', 'deliveredAt', 'warnedAt', 'breachedAt']) expect(found).not.toHaveProperty(field);
    });

    test('when a ticket id or number is taken, then creating another with it is refused and the first is kept', async () => {
      await tickets().create(newTicket(1));

      await expect(tickets().create(newTicket(2, { ticketId: 'ticket-1' }))).rejects.toThrow(/already exists/);
      await expect(tickets().create(newTicket(3, { number: 'TP-2612-0001' }))).rejects.toThrow(/already exists/);

      await expect(tickets().get('ticket-1')).resolves.toEqual({ ...newTicket(1), revision: 1 });
      await expect(tickets().get('ticket-3')).resolves.toBeUndefined();
    });

    test('when a ticket does not exist, then get and getByNumber return undefined', async () => {
      await expect(tickets().get('unknown')).resolves.toBeUndefined();
      await expect(tickets().getByNumber('TP-0000-0000')).resolves.toBeUndefined();
    });
  });

  describe('numbering', () => {
    test('when numbers are drawn, then each scope counts 1, 2, 3 on its own', async () => {
      const drawn = [];
      for (const scope of ['2612', '2612', '2701', '2612', '2701']) drawn.push(await tickets().nextNumber(scope));

      expect(drawn).toEqual([1, 2, 1, 3, 2]);
    });

    test('when 50 numbers are drawn concurrently, then they are distinct and gap-free', async () => {
      const drawn = await Promise.all(range(50).map(() => tickets().nextNumber('2612')));

      expect([...drawn].sort((a, b) => a - b)).toEqual(range(50));
    });

    if (name === 'sqlite') {
      test('when two processes on one SQLite file draw numbers at the same time, then together they get distinct, gap-free numbers', async () => {
        const backend = getBackend() as SqliteBackend;
        const perProcess = 300;
        const child = await startChildProcess(backend, CHILD_SOURCE, { kind: 'numbers', scope: '2612', count: perProcess } satisfies ChildJob);

        await startTogether(child);
        const mine: number[] = [];
        for (let i = 0; i < perProcess; i += 1) {
          mine.push(await backend.tickets.nextNumber('2612'));
          await pause();
        }
        const theirs = (await child.result) as number[];

        expect(theirs).toHaveLength(perProcess);
        expect([...mine, ...theirs].sort((a, b) => a - b)).toEqual(range(2 * perProcess));
        // Each process sees its own numbers increase; a later call never gets a smaller number.
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
        await expect(backend.tickets.nextNumber('2612')).resolves.toBe(2 * perProcess + 1);
      });
    }
  });

  describe('listing', () => {
    beforeEach(async () => {
      await tickets().create(newTicket(1, { dueAt: at(30), status: 'assigned', assigneeId: 'officer-1' }));
      await tickets().create(newTicket(2, { dueAt: at(10), unit: 'KPPBC Tanjung Priok', channelId: 'whatsapp' }));
      await tickets().create(newTicket(3, { dueAt: at(20), status: 'closed', conversationId: 'conv-shared' }));
      await tickets().create(newTicket(4, { dueAt: at(5), status: 'escalated', assigneeId: 'officer-1', conversationId: 'conv-shared', citizenId: 'citizen-9' }));
    });

    const ids = (records: TicketRecord[]) => records.map((record) => record.ticketId);

    test('when listing without a filter, then every ticket comes ordered by dueAt ascending', async () => {
      expect(ids(await tickets().list({}, 10))).toEqual(['ticket-4', 'ticket-2', 'ticket-3', 'ticket-1']);
    });

    test('when listing with filters, then only tickets matching all of them come, still by dueAt', async () => {
      expect(ids(await tickets().list({ statuses: ['queued', 'assigned', 'escalated'] }, 10))).toEqual(['ticket-4', 'ticket-2', 'ticket-1']);
      expect(ids(await tickets().list({ assigneeId: 'officer-1' }, 10))).toEqual(['ticket-4', 'ticket-1']);
      expect(ids(await tickets().list({ unit: 'KPPBC Tanjung Priok' }, 10))).toEqual(['ticket-2']);
      expect(ids(await tickets().list({ channelId: 'whatsapp' }, 10))).toEqual(['ticket-2']);
      expect(ids(await tickets().list({ conversationId: 'conv-shared' }, 10))).toEqual(['ticket-4', 'ticket-3']);
      expect(ids(await tickets().list({ conversationId: 'conv-shared', statuses: ['closed'] }, 10))).toEqual(['ticket-3']);
      expect(ids(await tickets().list({ citizenId: 'citizen-9' }, 10))).toEqual(['ticket-4']);
      expect(ids(await tickets().list({ citizenId: 'citizen-9', channelId: 'whatsapp' }, 10))).toEqual([]);
      expect(ids(await tickets().list({ unit: 'nowhere' }, 10))).toEqual([]);
    });

    test('when listing with a limit, then at most that many of the earliest due come', async () => {
      expect(ids(await tickets().list({}, 2))).toEqual(['ticket-4', 'ticket-2']);
      await expect(tickets().list({}, 0)).resolves.toEqual([]);
      await expect(tickets().list({}, -1)).rejects.toBeInstanceOf(RangeError);
    });

    test('when the statuses filter is empty, then no ticket matches', async () => {
      await expect(tickets().list({ statuses: [] }, 10)).resolves.toEqual([]);
    });
  });

  describe('updating', () => {
    test('when an update names the current revision, then the changes are stored and the revision grows by one', async () => {
      await tickets().create(newTicket(1));

      const updated = await tickets().update('ticket-1', 1, { status: 'assigned', assigneeId: 'officer-7', updatedAt: at(1) });

      expect(updated).toEqual({ ...newTicket(1), status: 'assigned', assigneeId: 'officer-7', updatedAt: at(1), revision: 2 });
      await expect(tickets().get('ticket-1')).resolves.toEqual(updated);
      const again = await tickets().update('ticket-1', 2, { collectedData: { email: 'new@example.test' } });
      expect(again.revision).toBe(3);
      expect(again.collectedData).toEqual({ email: 'new@example.test' });
      expect(again.assigneeId).toBe('officer-7');
    });

    test('when the answer time, rating and anonymisation are stored, then they come back as given', async () => {
      await tickets().create(newTicket(1, { citizenId: 'citizen-1' }));

      const updated = await tickets().update('ticket-1', 1, { status: 'answered', answeredAt: at(2), rating: 4, ratingComment: 'cepat', ratedAt: at(3), anonymisedAt: at(4) });

      expect(updated).toEqual({ ...newTicket(1, { citizenId: 'citizen-1' }), status: 'answered', answeredAt: at(2), rating: 4, ratingComment: 'cepat', ratedAt: at(3), anonymisedAt: at(4), revision: 2 });
      await expect(tickets().get('ticket-1')).resolves.toEqual(updated);
    });

    test('when an update gives an optional field as undefined, then the field is cleared', async () => {
      await tickets().create(newTicket(1, { assigneeId: 'officer-7' }));

      const updated = await tickets().update('ticket-1', 1, { assigneeId: undefined, status: 'queued' });

      expect(updated).not.toHaveProperty('assigneeId');
      expect(await tickets().get('ticket-1')).not.toHaveProperty('assigneeId');
      await expect(tickets().list({ assigneeId: 'officer-7' }, 10)).resolves.toEqual([]);
    });

    test('when an update gives a required field as undefined, then it is refused and nothing changes', async () => {
      await tickets().create(newTicket(1));

      await expect(tickets().update('ticket-1', 1, { status: undefined })).rejects.toThrow(/"status" cannot be cleared/);

      await expect(tickets().get('ticket-1')).resolves.toEqual({ ...newTicket(1), revision: 1 });
    });

    test('when an update names a stale revision, then it throws StaleTicketError and changes nothing', async () => {
      await tickets().create(newTicket(1));
      await tickets().update('ticket-1', 1, { status: 'assigned', assigneeId: 'officer-1' });
      const before = await tickets().get('ticket-1');

      const stale = tickets().update('ticket-1', 1, { status: 'closed', assigneeId: 'officer-2' });

      await expect(stale).rejects.toBeInstanceOf(StaleTicketError);
      await expect(stale).rejects.toMatchObject({ ticketId: 'ticket-1' });
      await expect(tickets().get('ticket-1')).resolves.toEqual(before);
      expect(before?.revision).toBe(2);
    });

    test('when two updates start from the same revision at once, then exactly one is stored', async () => {
      await tickets().create(newTicket(1));

      const outcomes = await Promise.allSettled([
        tickets().update('ticket-1', 1, { assigneeId: 'officer-a' }),
        tickets().update('ticket-1', 1, { assigneeId: 'officer-b' }),
      ]);

      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(StaleTicketError);
      const stored = await tickets().get('ticket-1');
      expect(stored?.revision).toBe(2);
      expect(stored?.assigneeId).toBe((fulfilled[0] as PromiseFulfilledResult<TicketRecord>).value.assigneeId);
    });

    test('when an update carries the identity fields of a spread record, then the number, creation time and revision stay the repository\'s', async () => {
      await tickets().create(newTicket(1));
      const spread = { ...newTicket(1), number: 'TP-9999-9999', createdAt: at(99), revision: 42, status: 'assigned' as TicketStatus };

      const updated = await tickets().update('ticket-1', 1, spread);

      expect(updated).toMatchObject({ number: 'TP-2612-0001', createdAt: clockStart, revision: 2, status: 'assigned' });
      await expect(tickets().getByNumber('TP-9999-9999')).resolves.toBeUndefined();
    });

    test('when the ticket does not exist, then the update is refused as unknown, not stale', async () => {
      const missing = tickets().update('unknown', 1, { status: 'closed' });

      await expect(missing).rejects.toThrow(/ticket "unknown" does not exist/);
      await expect(missing).rejects.not.toBeInstanceOf(StaleTicketError);
    });
  });

  describe('events', () => {
    const event = (text: string, minutes = 0) => ({ at: new Date(clockStart.getTime() + minutes * 60_000), kind: 'internal-note' as const, actor: 'officer-1', data: { text } });

    test('when events are appended, then they get sequences 1, 2, 3 and read back in order', async () => {
      await tickets().create(newTicket(1));

      const appended = [];
      for (const [index, text] of ['satu', 'dua', 'tiga'].entries()) appended.push(await tickets().appendEvent('ticket-1', event(text, index)));

      expect(appended.map((stored) => stored.sequence)).toEqual([1, 2, 3]);
      expect(appended[1]).toEqual({ sequence: 2, ...event('dua', 1) });
      const listed = await tickets().listEvents('ticket-1');
      expect(listed).toEqual(appended);
      expect(listed[0].at).toBeInstanceOf(Date);
    });

    test('when listing after a sequence, then only the later events come', async () => {
      await tickets().create(newTicket(1));
      for (const text of ['a', 'b', 'c', 'd']) await tickets().appendEvent('ticket-1', event(text));

      expect((await tickets().listEvents('ticket-1', 2)).map((stored) => [stored.sequence, stored.data.text])).toEqual([[3, 'c'], [4, 'd']]);
      await expect(tickets().listEvents('ticket-1', 4)).resolves.toEqual([]);
    });

    test('when two tickets receive events, then each has its own sequence', async () => {
      await tickets().create(newTicket(1));
      await tickets().create(newTicket(2));

      await tickets().appendEvent('ticket-1', event('a'));
      await tickets().appendEvent('ticket-1', event('b'));
      const other = await tickets().appendEvent('ticket-2', { at: clockStart, kind: 'citizen-message', actor: 'citizen', data: { text: 'halo' } });

      expect(other.sequence).toBe(1);
      expect((await tickets().listEvents('ticket-2')).map((stored) => stored.kind)).toEqual(['citizen-message']);
    });

    test('when 30 events are appended concurrently, then their sequences are distinct and gap-free', async () => {
      await tickets().create(newTicket(1));

      const appended = await Promise.all(range(30).map((index) => tickets().appendEvent('ticket-1', event(`note ${index}`))));

      expect(appended.map((stored) => stored.sequence).sort((a, b) => a - b)).toEqual(range(30));
      const listed = await tickets().listEvents('ticket-1');
      expect(listed.map((stored) => stored.sequence)).toEqual(range(30));
      expect(new Set(listed.map((stored) => stored.data.text)).size).toBe(30);
    });

    test('when appending an event does not change the ticket, then its revision stays', async () => {
      await tickets().create(newTicket(1));

      await tickets().appendEvent('ticket-1', event('a'));

      expect((await tickets().get('ticket-1'))?.revision).toBe(1);
    });

    test('when the ticket does not exist, then appending an event is refused', async () => {
      await expect(tickets().appendEvent('unknown', event('a'))).rejects.toThrow(/ticket "unknown" does not exist/);
      await expect(tickets().listEvents('unknown')).resolves.toEqual([]);
    });
  });

  describe('deadline claims', () => {
    // Clock from hour 0, due at hour 8, warnFraction 0.75: the warning is due at hour 6.
    const WARN_FRACTION = 0.75;
    const claimedIds = (records: TicketRecord[]) => records.map((record) => record.ticketId);

    test('when the warning deadline has not passed, then nothing is claimed; once it has, the ticket is claimed once with warnedAt set', async () => {
      await tickets().create(newTicket(1));

      await expect(tickets().claimDeadlines('warning', new Date(at(6).getTime() - 1), WARN_FRACTION, 10)).resolves.toEqual([]);
      const claimed = await tickets().claimDeadlines('warning', at(6), WARN_FRACTION, 10);

      expect(claimedIds(claimed)).toEqual(['ticket-1']);
      expect(claimed[0].warnedAt).toEqual(at(6));
      expect(claimed[0]).not.toHaveProperty('breachedAt');
      expect((await tickets().get('ticket-1'))?.warnedAt).toEqual(at(6));
      await expect(tickets().claimDeadlines('warning', at(7), WARN_FRACTION, 10)).resolves.toEqual([]);
    });

    test('when the warning is due but dueAt has not passed, then no breach is claimed; at dueAt the breach is claimed once', async () => {
      await tickets().create(newTicket(1));

      await expect(tickets().claimDeadlines('breach', at(7), WARN_FRACTION, 10)).resolves.toEqual([]);
      const claimed = await tickets().claimDeadlines('breach', at(8), WARN_FRACTION, 10);

      expect(claimedIds(claimed)).toEqual(['ticket-1']);
      expect(claimed[0].breachedAt).toEqual(at(8));
      expect((await tickets().get('ticket-1'))?.breachedAt).toEqual(at(8));
      await expect(tickets().claimDeadlines('breach', at(9), WARN_FRACTION, 10)).resolves.toEqual([]);
      // Warning and breach are recorded apart: a breach claimed first leaves the warning to claim.
      expect(claimedIds(await tickets().claimDeadlines('warning', at(9), WARN_FRACTION, 10))).toEqual(['ticket-1']);
    });

    test('when the warning fraction changes, then the warning deadline moves between the clock start and dueAt', async () => {
      await tickets().create(newTicket(1, { clockStartsAt: at(2), dueAt: at(12) }));

      await expect(tickets().claimDeadlines('warning', at(6.9), 0.5, 10)).resolves.toEqual([]);
      expect(claimedIds(await tickets().claimDeadlines('warning', at(7), 0.5, 10))).toEqual(['ticket-1']);
    });

    test('when tickets are delivered, answered or closed, then their deadlines are not claimed; reopened, assigned and escalated ones are', async () => {
      const statuses: TicketStatus[] = ['queued', 'assigned', 'escalated', 'reopened', 'answered', 'closed'];
      for (const [index, status] of statuses.entries()) await tickets().create(newTicket(index + 1, { status }));
      await tickets().create(newTicket(7, { status: 'assigned', deliveredAt: at(1) }));

      const warned = await tickets().claimDeadlines('warning', at(9), WARN_FRACTION, 10);
      const breached = await tickets().claimDeadlines('breach', at(9), WARN_FRACTION, 10);

      const open = ['ticket-1', 'ticket-2', 'ticket-3', 'ticket-4'];
      expect(claimedIds(warned).sort()).toEqual(open);
      expect(claimedIds(breached).sort()).toEqual(open);
      for (const id of ['ticket-5', 'ticket-6', 'ticket-7']) {
        const ticket = await tickets().get(id);
        expect(ticket).not.toHaveProperty('warnedAt');
        expect(ticket).not.toHaveProperty('breachedAt');
      }
    });

    test('when more tickets are due than the limit, then the earliest due are claimed first and the rest on the next call', async () => {
      for (let n = 1; n <= 5; n += 1) await tickets().create(newTicket(n, { dueAt: at(8 - n) }));

      const first = await tickets().claimDeadlines('breach', at(10), WARN_FRACTION, 2);
      const second = await tickets().claimDeadlines('breach', at(10), WARN_FRACTION, 10);

      expect(claimedIds(first)).toEqual(['ticket-5', 'ticket-4']);
      expect(claimedIds(second)).toEqual(['ticket-3', 'ticket-2', 'ticket-1']);
      await expect(tickets().claimDeadlines('breach', at(10), WARN_FRACTION, 0)).resolves.toEqual([]);
    });

    test('when a deadline is claimed, then the revision stays, so an officer editing from it is not made stale', async () => {
      await tickets().create(newTicket(1));
      await tickets().claimDeadlines('warning', at(6), WARN_FRACTION, 10);

      const updated = await tickets().update('ticket-1', 1, { status: 'assigned', assigneeId: 'officer-1' });

      expect(updated.revision).toBe(2);
      expect(updated.warnedAt).toEqual(at(6));
    });

    test('when the warning fraction or limit is out of range, then the claim is refused', async () => {
      await expect(tickets().claimDeadlines('warning', at(6), 1.5, 10)).rejects.toBeInstanceOf(RangeError);
      await expect(tickets().claimDeadlines('warning', at(6), Number.NaN, 10)).rejects.toBeInstanceOf(RangeError);
      await expect(tickets().claimDeadlines('breach', at(6), WARN_FRACTION, -1)).rejects.toBeInstanceOf(RangeError);
    });

    test('when claims run concurrently, then each ticket is claimed exactly once', async () => {
      for (let n = 1; n <= 20; n += 1) await tickets().create(newTicket(n, { dueAt: at(8 + n / 100) }));

      const rounds = await Promise.all(range(6).map(() => tickets().claimDeadlines('warning', at(20), WARN_FRACTION, 4)));
      const rest = await tickets().claimDeadlines('warning', at(20), WARN_FRACTION, 100);

      const all = [...rounds.flat(), ...rest].map((ticket) => ticket.ticketId);
      expect(all).toHaveLength(20);
      expect(new Set(all).size).toBe(20);
    });

    if (name === 'sqlite') {
      test('when two processes on one SQLite file claim at the same time, then each ticket is claimed by exactly one of them', async () => {
        const backend = getBackend() as SqliteBackend;
        const count = 120;
        for (let n = 1; n <= count; n += 1) await backend.tickets.create(newTicket(n, { dueAt: at(8 + n / 1000) }));
        await backend.tickets.create(newTicket(count + 1, { status: 'closed' }));
        await backend.tickets.create(newTicket(count + 2, { deliveredAt: at(1) }));
        const child = await startChildProcess(backend, CHILD_SOURCE, { kind: 'claims', claim: 'breach', now: at(20).getTime(), warnFraction: WARN_FRACTION, limit: 2 } satisfies ChildJob);

        await startTogether(child);
        const mine: string[] = [];
        for (;;) {
          const claimed = await backend.tickets.claimDeadlines('breach', at(20), WARN_FRACTION, 2);
          if (claimed.length === 0) break;
          mine.push(...claimed.map((ticket) => ticket.ticketId));
          await pause();
        }
        const theirs = (await child.result) as string[];

        const all = [...mine, ...theirs];
        expect(all).toHaveLength(count);
        expect(new Set(all)).toEqual(new Set(range(count).map((n) => `ticket-${n}`)));
        for (const ticket of await backend.tickets.list({}, 1000)) {
          expect(ticket.breachedAt === undefined).toBe(ticket.ticketId === `ticket-${count + 1}` || ticket.ticketId === `ticket-${count + 2}`);
        }
      });
    }
  });

  describe('redacting events', () => {
    const ERASED = '[dihapus]';
    const line = (kind: TicketEvent['kind'], data: Record<string, unknown>, minutes = 0) => ({ at: new Date(clockStart.getTime() + minutes * 60_000), kind, actor: kind === 'citizen-message' ? 'citizen' : 'officer-1', data });

    test('when events of some kinds are redacted, then their free text is replaced and everything else stays', async () => {
      await tickets().create(newTicket(1));
      await tickets().appendEvent('ticket-1', line('citizen-message', { text: 'NIK saya 3174015501900001' }, 0));
      await tickets().appendEvent('ticket-1', line('assignment', { assigneeId: 'officer-1', assigneeName: 'Rina' }, 1));
      await tickets().appendEvent('ticket-1', line('officer-reply', { text: 'Halo Bu Siti', resolved: true, milestoneMet: false }, 2));
      await tickets().appendEvent('ticket-1', line('escalation', { hop: 'coordinator', note: 'cek paspor Siti', dueAt: at(16).toISOString() }, 3));
      await tickets().appendEvent('ticket-1', line('delivery-failed', { text: 'Halo lagi', error: 'recipient +6281234567890 unreachable' }, 4));
      await tickets().appendEvent('ticket-1', line('internal-note', { text: 'tetap' }, 5));

      const changed = await tickets().redactEvents('ticket-1', ['citizen-message', 'officer-reply', 'escalation', 'delivery-failed', 'assignment'], ERASED);

      expect(changed).toBe(4);
      expect(await tickets().listEvents('ticket-1')).toEqual([
        { sequence: 1, ...line('citizen-message', { text: ERASED }, 0) },
        { sequence: 2, ...line('assignment', { assigneeId: 'officer-1', assigneeName: 'Rina' }, 1) },
        { sequence: 3, ...line('officer-reply', { text: ERASED, resolved: true, milestoneMet: false }, 2) },
        { sequence: 4, ...line('escalation', { hop: 'coordinator', note: ERASED, dueAt: at(16).toISOString() }, 3) },
        { sequence: 5, ...line('delivery-failed', { text: ERASED, error: ERASED }, 4) },
        { sequence: 6, ...line('internal-note', { text: 'tetap' }, 5) },
      ]);
    });

    test('when events are redacted again, then nothing changes and 0 is returned', async () => {
      await tickets().create(newTicket(1));
      await tickets().appendEvent('ticket-1', line('citizen-message', { text: 'rahasia' }));
      await tickets().redactEvents('ticket-1', ['citizen-message'], ERASED);
      const before = await tickets().listEvents('ticket-1');

      await expect(tickets().redactEvents('ticket-1', ['citizen-message'], ERASED)).resolves.toBe(0);

      await expect(tickets().listEvents('ticket-1')).resolves.toEqual(before);
    });

    test('when one ticket is redacted, then other tickets, the ticket itself and its revision stay as they were', async () => {
      await tickets().create(newTicket(1));
      await tickets().create(newTicket(2));
      await tickets().appendEvent('ticket-1', line('citizen-message', { text: 'punya saya' }));
      await tickets().appendEvent('ticket-2', line('citizen-message', { text: 'punya orang lain' }));

      await tickets().redactEvents('ticket-1', ['citizen-message'], ERASED);

      expect((await tickets().listEvents('ticket-2'))[0].data).toEqual({ text: 'punya orang lain' });
      await expect(tickets().get('ticket-1')).resolves.toEqual({ ...newTicket(1), revision: 1 });
      const next = await tickets().appendEvent('ticket-1', line('citizen-message', { text: 'baru' }));
      expect(next.sequence).toBe(2);
    });

    test('when no kinds are given or the ticket is unknown, then nothing is redacted', async () => {
      await tickets().create(newTicket(1));
      await tickets().appendEvent('ticket-1', line('citizen-message', { text: 'tetap' }));

      await expect(tickets().redactEvents('ticket-1', [], ERASED)).resolves.toBe(0);
      await expect(tickets().redactEvents('unknown', ['citizen-message'], ERASED)).resolves.toBe(0);
      expect((await tickets().listEvents('ticket-1'))[0].data).toEqual({ text: 'tetap' });
    });
  });
});
