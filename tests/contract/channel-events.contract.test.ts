import path from 'node:path';
import type { ChannelEvent, NewChannelEvent } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';
import { forEachBackend } from './storage-backends';
import { pause, startChildProcess, startTogether } from './sqlite-child-process';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const LEASE = 30 * SECOND;
const start = new Date('2026-12-01T01:00:00.000Z');
/** `start` plus the given seconds. */
const at = (seconds: number) => new Date(start.getTime() + seconds * SECOND);

function newEvent(eventId: string, overrides: Partial<NewChannelEvent> = {}): NewChannelEvent {
  return {
    channel: 'telegram',
    eventId,
    conversationId: 'tg:1001',
    payload: { update_id: eventId, message: { chat: { id: 1001 }, text: `pesan ${eventId}`, nested: { list: [1, 'dua', null, true] } } },
    receivedAt: start,
    ...overrides,
  };
}

const ids = (events: ChannelEvent[]) => events.map((event) => event.eventId);

/**
 * A second OS process on the same SQLite file (as in tickets.contract.test.ts): it loads the
 * backend's TypeScript sources through the TypeScript compiler (transpile only), waits for the
 * agreed start time, then claims, "processes" and completes events until none is left for it.
 * Processing an event draws the next number of a shared counter, so the test sees in which order
 * the events were processed across both processes. Prints [eventId, order] pairs as JSON on its last line.
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
  for (;;) {
    const claimed = await backend.channelEvents.claimDue(new Date(job.now), job.leaseMs, job.limit);
    if (claimed.length === 0) break;
    for (const event of claimed) {
      const order = await backend.tickets.nextNumber(job.orderScope);
      await backend.channelEvents.markDone(event.channel, event.eventId, new Date(job.now));
      result.push([event.eventId, order]);
    }
    await pause();
  }
  await backend.close();
  process.stdout.write(JSON.stringify(result) + '\\n');
});
`;

interface ChildJob {
  now: number;
  leaseMs: number;
  limit: number;
  orderScope: string;
}


forEachBackend('ChannelEventRepository', (name, getBackend) => {
  const events = () => getBackend().channelEvents;

  describe('recording and de-duplication', () => {
    test('when a new event is recorded, then it reads back pending, due at receivedAt, with no attempt yet', async () => {
      await expect(events().recordIfNew(newEvent('u-1'))).resolves.toBe(true);

      const stored = await events().get('telegram', 'u-1');
      expect(stored).toEqual({ ...newEvent('u-1'), status: 'pending', attempts: 0, nextAttemptAt: start });
      for (const field of ['lastError', 'claimedUntil', 'completedAt']) expect(stored).not.toHaveProperty(field);
      expect(stored?.receivedAt).toBeInstanceOf(Date);
    });

    test('when the same platform id is recorded again, then it is refused and the first event is kept unchanged', async () => {
      await events().recordIfNew(newEvent('u-1'));
      const before = await events().get('telegram', 'u-1');

      await expect(events().recordIfNew(newEvent('u-1', { conversationId: 'tg:other', payload: { retry: true }, receivedAt: at(60) }))).resolves.toBe(false);

      await expect(events().get('telegram', 'u-1')).resolves.toEqual(before);
    });

    test('when one platform id arrives on two channels, then they are two events', async () => {
      await expect(events().recordIfNew(newEvent('42'))).resolves.toBe(true);
      await expect(events().recordIfNew(newEvent('42', { channel: 'whatsapp', conversationId: 'wa:62811' }))).resolves.toBe(true);

      expect((await events().get('whatsapp', '42'))?.conversationId).toBe('wa:62811');
      expect((await events().get('telegram', '42'))?.conversationId).toBe('tg:1001');
      await expect(events().get('messenger', '42')).resolves.toBeUndefined();
    });

    test('when an event is already processed, then a platform retry of it is still a duplicate', async () => {
      await events().recordIfNew(newEvent('u-1'));
      await events().claimDue(at(0), LEASE, 10);
      await events().markDone('telegram', 'u-1', at(1));

      await expect(events().recordIfNew(newEvent('u-1', { receivedAt: at(3600) }))).resolves.toBe(false);
      expect((await events().get('telegram', 'u-1'))?.status).toBe('done');
    });

    test('when the same event is recorded concurrently, then exactly one recording wins', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => events().recordIfNew(newEvent('u-1'))));

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    if (name === 'sqlite') {
      test('when the SQLite backend is closed and reopened (a restart), then a platform retry is still a duplicate and the events are kept', async () => {
        const first = getBackend() as SqliteBackend;
        await first.channelEvents.recordIfNew(newEvent('u-1'));
        await first.channelEvents.recordIfNew(newEvent('u-2'));
        await first.channelEvents.claimDue(at(0), LEASE, 1);
        await first.close();

        const reopened = SqliteBackend.open({ dataDir: path.dirname(first.filePath), fileName: path.basename(first.filePath) });
        try {
          await expect(reopened.channelEvents.recordIfNew(newEvent('u-1'))).resolves.toBe(false);
          await expect(reopened.channelEvents.recordIfNew(newEvent('u-2'))).resolves.toBe(false);
          expect((await reopened.channelEvents.get('telegram', 'u-1'))?.status).toBe('processing');
          expect((await reopened.channelEvents.get('telegram', 'u-2'))?.status).toBe('pending');
          await expect(reopened.channelEvents.recordIfNew(newEvent('u-3'))).resolves.toBe(true);
        } finally {
          await reopened.close();
        }
      });
    }
  });

  describe('claiming', () => {
    test('when events are due, then they are claimed oldest receivedAt first, up to the limit, as processing with a lease and one attempt', async () => {
      await events().recordIfNew(newEvent('c', { conversationId: 'tg:3', receivedAt: at(3) }));
      await events().recordIfNew(newEvent('a', { conversationId: 'tg:1', receivedAt: at(1) }));
      await events().recordIfNew(newEvent('b', { channel: 'whatsapp', conversationId: 'wa:2', receivedAt: at(2) }));

      const first = await events().claimDue(at(10), LEASE, 2);
      const second = await events().claimDue(at(10), LEASE, 10);

      expect(ids(first)).toEqual(['a', 'b']);
      expect(first[0]).toEqual({ ...newEvent('a', { conversationId: 'tg:1', receivedAt: at(1) }), status: 'processing', attempts: 1, nextAttemptAt: at(1), claimedUntil: at(40) });
      await expect(events().get('telegram', 'a')).resolves.toEqual(first[0]);
      expect(ids(second)).toEqual(['c']);
      await expect(events().claimDue(at(10), LEASE, 10)).resolves.toEqual([]);
    });

    test('when an event was received after now, or the limit is 0, then nothing is claimed', async () => {
      await events().recordIfNew(newEvent('later', { receivedAt: at(60) }));

      await expect(events().claimDue(at(59.999), LEASE, 10)).resolves.toEqual([]);
      await expect(events().claimDue(at(60), LEASE, 0)).resolves.toEqual([]);
      expect(ids(await events().claimDue(at(60), LEASE, 10))).toEqual(['later']);
    });

    test('when the limit or lease is out of range, then the claim is refused', async () => {
      await expect(events().claimDue(at(0), LEASE, -1)).rejects.toBeInstanceOf(RangeError);
      await expect(events().claimDue(at(0), LEASE, 1.5)).rejects.toBeInstanceOf(RangeError);
      await expect(events().claimDue(at(0), 0, 10)).rejects.toBeInstanceOf(RangeError);
      await expect(events().claimDue(at(0), Number.NaN, 10)).rejects.toBeInstanceOf(RangeError);
    });

    test('when a claim is not finished before its lease ends, then the event is claimed again with one more attempt', async () => {
      await events().recordIfNew(newEvent('u-1'));
      await events().claimDue(at(0), LEASE, 10);

      await expect(events().claimDue(new Date(at(30).getTime() - 1), LEASE, 10)).resolves.toEqual([]);
      const again = await events().claimDue(at(30), LEASE, 10);

      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ eventId: 'u-1', status: 'processing', attempts: 2, claimedUntil: at(60) });
      await expect(events().claimDue(at(45), LEASE, 10)).resolves.toEqual([]);
    });

    test('when claims run concurrently, then each event is claimed exactly once', async () => {
      for (let n = 1; n <= 30; n += 1) await events().recordIfNew(newEvent(`u-${n}`, { conversationId: `tg:${n}`, receivedAt: at(n) }));

      const rounds = await Promise.all(Array.from({ length: 6 }, () => events().claimDue(at(100), LEASE, 4)));
      const rest = await events().claimDue(at(100), LEASE, 100);

      const all = ids([...rounds.flat(), ...rest]);
      expect(all).toHaveLength(30);
      expect(new Set(all).size).toBe(30);
    });
  });

  describe('per-conversation order', () => {
    test('when a conversation has several events, then only its oldest unfinished one is claimed, the next once it is done', async () => {
      await events().recordIfNew(newEvent('a1', { conversationId: 'tg:A', receivedAt: at(1) }));
      await events().recordIfNew(newEvent('b1', { conversationId: 'tg:B', receivedAt: at(2) }));
      await events().recordIfNew(newEvent('a2', { conversationId: 'tg:A', receivedAt: at(3) }));
      await events().recordIfNew(newEvent('a3', { conversationId: 'tg:A', receivedAt: at(4) }));

      expect(ids(await events().claimDue(at(10), LEASE, 10))).toEqual(['a1', 'b1']);
      // a1 is processing: a2 and a3 wait, whatever the limit.
      await expect(events().claimDue(at(11), LEASE, 10)).resolves.toEqual([]);

      await events().markDone('telegram', 'a1', at(12));
      expect(ids(await events().claimDue(at(12), LEASE, 10))).toEqual(['a2']);
      await events().markDone('telegram', 'a2', at(13));
      expect(ids(await events().claimDue(at(13), LEASE, 10))).toEqual(['a3']);
    });

    test('when an earlier event waits for its retry, then the later events of its conversation wait too; other conversations go on', async () => {
      await events().recordIfNew(newEvent('a1', { conversationId: 'tg:A', receivedAt: at(1) }));
      await events().recordIfNew(newEvent('a2', { conversationId: 'tg:A', receivedAt: at(2) }));
      await events().recordIfNew(newEvent('b1', { conversationId: 'tg:B', receivedAt: at(3) }));
      await events().claimDue(at(10), LEASE, 1);
      await events().markFailed('telegram', 'a1', 'timeout', at(11), at(71), 5);

      expect(ids(await events().claimDue(at(20), LEASE, 10))).toEqual(['b1']);
      await events().markDone('telegram', 'b1', at(21));
      await expect(events().claimDue(at(70), LEASE, 10)).resolves.toEqual([]);
      expect(ids(await events().claimDue(at(71), LEASE, 10))).toEqual(['a1']);
    });

    test('when the same conversation and chat id appear on two channels, then they are ordered apart', async () => {
      await events().recordIfNew(newEvent('t1', { conversationId: 'chat-1', receivedAt: at(1) }));
      await events().recordIfNew(newEvent('w1', { channel: 'whatsapp', conversationId: 'chat-1', receivedAt: at(2) }));

      expect(ids(await events().claimDue(at(10), LEASE, 10))).toEqual(['t1', 'w1']);
    });

    test('when an earlier event is dead, then it no longer holds back its conversation', async () => {
      await events().recordIfNew(newEvent('a1', { conversationId: 'tg:A', receivedAt: at(1) }));
      await events().recordIfNew(newEvent('a2', { conversationId: 'tg:A', receivedAt: at(2) }));
      await events().claimDue(at(10), LEASE, 10);

      await expect(events().markFailed('telegram', 'a1', 'poison', at(11), at(20), 1)).resolves.toBe('dead');

      expect(ids(await events().claimDue(at(12), LEASE, 10))).toEqual(['a2']);
    });

    test('when events of one conversation share a receivedAt, then they are claimed in the order they were recorded', async () => {
      for (const eventId of ['wamid.Z', 'wamid.A', 'wamid.M']) {
        await events().recordIfNew(newEvent(eventId, { channel: 'whatsapp', conversationId: 'wa:62811', receivedAt: at(1) }));
      }

      const order: string[] = [];
      for (let round = 0; round < 3; round += 1) {
        const [claimed] = await events().claimDue(at(10), LEASE, 10);
        order.push(claimed.eventId);
        await events().markDone('whatsapp', claimed.eventId, at(10));
      }

      expect(order).toEqual(['wamid.Z', 'wamid.A', 'wamid.M']);
    });

    test('when a processing event\'s lease expires, then it is claimed again before the later events of its conversation', async () => {
      await events().recordIfNew(newEvent('a1', { conversationId: 'tg:A', receivedAt: at(1) }));
      await events().recordIfNew(newEvent('a2', { conversationId: 'tg:A', receivedAt: at(2) }));
      await events().claimDue(at(10), LEASE, 10);

      const again = await events().claimDue(at(40), LEASE, 10);

      expect(ids(again)).toEqual(['a1']);
      expect(again[0].attempts).toBe(2);
    });
  });

  describe('completing and failing', () => {
    test('when an event is done, then it is done with completedAt, no lease, and never claimed again', async () => {
      await events().recordIfNew(newEvent('u-1'));
      await events().claimDue(at(0), LEASE, 10);

      await events().markDone('telegram', 'u-1', at(5));

      const stored = await events().get('telegram', 'u-1');
      expect(stored).toMatchObject({ status: 'done', attempts: 1, completedAt: at(5) });
      expect(stored).not.toHaveProperty('claimedUntil');
      await expect(events().claimDue(at(3600), LEASE, 10)).resolves.toEqual([]);
      // Done twice (e.g. by two instances after a lease expired) keeps the first completion.
      await events().markDone('telegram', 'u-1', at(9));
      expect((await events().get('telegram', 'u-1'))?.completedAt).toEqual(at(5));
    });

    test('when attempts fail, then the event backs off as pending until the maximum, then it is dead', async () => {
      const maxAttempts = 3;
      await events().recordIfNew(newEvent('u-1'));

      await events().claimDue(at(0), LEASE, 10);
      await expect(events().markFailed('telegram', 'u-1', 'HTTP 502 from Telegram', at(1), at(61), maxAttempts)).resolves.toBe('pending');
      const backingOff = await events().get('telegram', 'u-1');
      expect(backingOff).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(61), lastError: 'HTTP 502 from Telegram' });
      expect(backingOff).not.toHaveProperty('claimedUntil');
      expect(backingOff).not.toHaveProperty('completedAt');
      await expect(events().claimDue(at(60), LEASE, 10)).resolves.toEqual([]);

      expect((await events().claimDue(at(61), LEASE, 10))[0].attempts).toBe(2);
      await expect(events().markFailed('telegram', 'u-1', 'HTTP 502 again', at(62), at(182), maxAttempts)).resolves.toBe('pending');
      expect((await events().claimDue(at(182), LEASE, 10))[0].attempts).toBe(3);
      await expect(events().markFailed('telegram', 'u-1', '$cannot deliver', at(183), at(400), maxAttempts)).resolves.toBe('dead');

      const dead = await events().get('telegram', 'u-1');
      expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: '$cannot deliver', completedAt: at(183) });
      expect(dead).not.toHaveProperty('claimedUntil');
      await expect(events().claimDue(at(100_000), LEASE, 10)).resolves.toEqual([]);
    });

    test('when a claim finds more attempts than allowed (earlier claims crashed), then marking it failed makes it dead', async () => {
      await events().recordIfNew(newEvent('u-1'));
      await events().claimDue(at(0), LEASE, 10);
      await events().claimDue(at(30), LEASE, 10);
      const [third] = await events().claimDue(at(60), LEASE, 10);

      expect(third.attempts).toBe(3);
      await expect(events().markFailed('telegram', 'u-1', 'gave up after expired claims', at(61), at(62), 2)).resolves.toBe('dead');
    });

    test('when the event is unknown or already done, then marking it is refused and nothing changes', async () => {
      await events().recordIfNew(newEvent('u-1'));
      await events().claimDue(at(0), LEASE, 10);
      await events().markDone('telegram', 'u-1', at(1));
      const done = await events().get('telegram', 'u-1');

      await expect(events().markFailed('telegram', 'u-1', 'late failure', at(2), at(3), 5)).rejects.toThrow(/already done/);
      await expect(events().markFailed('telegram', 'unknown', 'x', at(2), at(3), 5)).rejects.toThrow(/does not exist/);
      await expect(events().markDone('telegram', 'unknown', at(2))).rejects.toThrow(/does not exist/);
      await expect(events().markFailed('telegram', 'u-1', 'x', at(2), at(3), 0)).rejects.toBeInstanceOf(RangeError);
      await expect(events().get('telegram', 'u-1')).resolves.toEqual(done);
      await expect(events().get('telegram', 'unknown')).resolves.toBeUndefined();
    });
  });

  describe('dead letters', () => {
    /** Records the event and lets its single allowed attempt fail. */
    async function killEvent(event: NewChannelEvent, error: string): Promise<void> {
      await events().recordIfNew(event);
      const claimed = await events().claimDue(at(1000), LEASE, 100);
      expect(ids(claimed)).toContain(event.eventId);
      await events().markFailed(event.channel, event.eventId, error, at(1001), at(1002), 1);
      for (const other of claimed.filter((candidate) => candidate.eventId !== event.eventId)) await events().markDone(other.channel, other.eventId, at(1001));
    }

    test('when events are dead, then listDead shows them newest first, by channel when asked, up to the limit', async () => {
      await killEvent(newEvent('t1', { conversationId: 'tg:1', receivedAt: at(1) }), 'bad update');
      await killEvent(newEvent('w1', { channel: 'whatsapp', conversationId: 'wa:1', receivedAt: at(2) }), 'bad message');
      await killEvent(newEvent('t2', { conversationId: 'tg:2', receivedAt: at(3) }), 'bad update');
      await events().recordIfNew(newEvent('pending', { conversationId: 'tg:3', receivedAt: at(4) }));

      expect(ids(await events().listDead(10))).toEqual(['t2', 'w1', 't1']);
      expect(ids(await events().listDead(10, 'telegram'))).toEqual(['t2', 't1']);
      expect(ids(await events().listDead(1))).toEqual(['t2']);
      await expect(events().listDead(0)).resolves.toEqual([]);
      await expect(events().listDead(10, 'instagram')).resolves.toEqual([]);
      await expect(events().listDead(-1)).rejects.toBeInstanceOf(RangeError);
      const [w1] = await events().listDead(10, 'whatsapp');
      expect(w1).toEqual({ ...newEvent('w1', { channel: 'whatsapp', conversationId: 'wa:1', receivedAt: at(2) }), status: 'dead', attempts: 1, nextAttemptAt: at(1002), lastError: 'bad message', completedAt: at(1001) });
    });

    test('when an admin requeues a dead event, then it is pending with no attempts, due at once, and is processed again', async () => {
      await killEvent(newEvent('t1'), 'bad update');

      await expect(events().requeue('telegram', 't1', at(2000))).resolves.toBe(true);

      const requeued = await events().get('telegram', 't1');
      expect(requeued).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(2000), lastError: 'bad update' });
      expect(requeued).not.toHaveProperty('completedAt');
      await expect(events().listDead(10)).resolves.toEqual([]);
      await expect(events().claimDue(at(1999), LEASE, 10)).resolves.toEqual([]);
      const [claimed] = await events().claimDue(at(2000), LEASE, 10);
      expect(claimed).toMatchObject({ eventId: 't1', attempts: 1 });
    });

    test('when the event is not dead, then requeue refuses it and nothing changes', async () => {
      await events().recordIfNew(newEvent('pending'));
      const before = await events().get('telegram', 'pending');

      await expect(events().requeue('telegram', 'pending', at(10))).resolves.toBe(false);
      await expect(events().requeue('telegram', 'unknown', at(10))).resolves.toBe(false);
      await expect(events().requeue('whatsapp', 'pending', at(10))).resolves.toBe(false);

      await expect(events().get('telegram', 'pending')).resolves.toEqual(before);
      await events().claimDue(at(0), LEASE, 10);
      await expect(events().requeue('telegram', 'pending', at(10))).resolves.toBe(false);
    });
  });

  describe('purging', () => {
    test('when done events completed before the cut-off are purged, then only they are deleted and counted', async () => {
      for (const [eventId, seconds] of [['old-1', 1], ['old-2', 2], ['recent', 3], ['processing', 4], ['dead', 5]] as const) {
        await events().recordIfNew(newEvent(eventId, { conversationId: `tg:${eventId}`, receivedAt: at(seconds) }));
      }
      await events().recordIfNew(newEvent('still-pending', { conversationId: 'tg:p', receivedAt: at(5000) }));
      expect(ids(await events().claimDue(at(10), LEASE, 10))).toEqual(['old-1', 'old-2', 'recent', 'processing', 'dead']);
      await events().markDone('telegram', 'old-1', at(100));
      await events().markDone('telegram', 'old-2', at(199));
      await events().markDone('telegram', 'recent', at(200));
      await events().markFailed('telegram', 'dead', 'x', at(21), at(22), 1);

      await expect(events().purgeDone(at(200))).resolves.toBe(2);

      await expect(events().get('telegram', 'old-1')).resolves.toBeUndefined();
      await expect(events().get('telegram', 'old-2')).resolves.toBeUndefined();
      for (const [eventId, status] of [['recent', 'done'], ['still-pending', 'pending'], ['processing', 'processing'], ['dead', 'dead']]) {
        expect((await events().get('telegram', eventId))?.status).toBe(status);
      }
      await expect(events().purgeDone(at(200))).resolves.toBe(0);
      // Purged keys are forgotten: this is why callers keep done events longer than platforms retry.
      await expect(events().recordIfNew(newEvent('old-1'))).resolves.toBe(true);
    });
  });

  if (name === 'sqlite') {
    describe('two processes', () => {
      test('when two processes on one SQLite file claim at the same time, then they get disjoint sets, together every event once, each conversation in order', async () => {
        const backend = getBackend() as SqliteBackend;
        const conversations = 40;
        const perConversation = 3;
        for (let e = 1; e <= perConversation; e += 1) {
          for (let c = 1; c <= conversations; c += 1) {
            await backend.channelEvents.recordIfNew(newEvent(`c${c}-e${e}`, { conversationId: `tg:${c}`, receivedAt: at(e * 100 + c) }));
          }
        }
        const job: ChildJob = { now: at(10_000).getTime(), leaseMs: 10 * MINUTE, limit: 2, orderScope: 'processing-order' };
        const child = await startChildProcess(backend, CHILD_SOURCE, job);

        await startTogether(child);
        const mine: [string, number][] = [];
        for (;;) {
          const claimed = await backend.channelEvents.claimDue(new Date(job.now), job.leaseMs, job.limit);
          if (claimed.length === 0) break;
          for (const event of claimed) {
            const order = await backend.tickets.nextNumber(job.orderScope);
            await backend.channelEvents.markDone(event.channel, event.eventId, new Date(job.now));
            mine.push([event.eventId, order]);
          }
          await pause();
        }
        const theirs = (await child.result) as [string, number][];

        const mineIds = new Set(mine.map(([eventId]) => eventId));
        expect(theirs.filter(([eventId]) => mineIds.has(eventId))).toEqual([]);
        const all = [...mine, ...theirs];
        expect(all).toHaveLength(conversations * perConversation);
        expect(new Set(all.map(([eventId]) => eventId)).size).toBe(conversations * perConversation);
        // Both processes did part of the work, and each conversation was processed e1, e2, e3.
        expect(mine.length).toBeGreaterThan(0);
        expect(theirs.length).toBeGreaterThan(0);
        const processed = [...all].sort((a, b) => a[1] - b[1]).map(([eventId]) => eventId);
        for (let c = 1; c <= conversations; c += 1) {
          expect(processed.filter((eventId) => eventId.startsWith(`c${c}-`))).toEqual([`c${c}-e1`, `c${c}-e2`, `c${c}-e3`]);
        }
        for (const stored of [await backend.channelEvents.get('telegram', 'c1-e1'), await backend.channelEvents.get('telegram', `c${conversations}-e3`)]) {
          expect(stored).toMatchObject({ status: 'done', attempts: 1 });
        }
      });
    });
  }
});
